"""The style sheet of every app page: phone first, readable, large tap targets."""

STYLE = """
<style>
.asn-app { max-width: 760px; margin: 0 auto; font-size: 16px; line-height: 1.5; }
.asn-app .widget-button, .asn-app .widget-text, .asn-app .widget-dropdown { max-width: 100%; }
.asn-app button.asn-option { white-space: normal; height: auto; min-height: 44px; text-align: left;
  padding: 8px 12px; line-height: 1.4; width: 100%; }
.asn-app button.asn-primary { min-height: 44px; }
.asn-card { border: 1px solid #c9d1da; border-radius: 6px; padding: 8px 12px; margin: 6px 0; }
.asn-notice { color: #8a1c1c; font-weight: 600; }
.asn-good { color: #1b6e2a; font-weight: 600; }
.asn-bad { color: #8a1c1c; font-weight: 600; }
.asn-muted { color: #555; font-size: 14px; }
.asn-app h1 { font-size: 22px; margin: 8px 0; }
.asn-app a.asn-download { display: inline-block; padding: 10px 14px; background: #1d6fa5; color: #fff;
  border-radius: 4px; text-decoration: none; font-weight: 600; }
.asn-app button.asn-selected { outline: 3px solid #1d6fa5; font-weight: 600; }
.asn-app .asn-material { overflow-x: auto; }
.asn-app .asn-material table { font-size: 14px; }
.asn-app .widget-radio-box { flex-direction: column; }
.asn-app .widget-radio-box label { white-space: normal; }
.asn-app .widget-checkbox label, .asn-app .widget-checkbox { white-space: normal; height: auto; }
.asn-app .widget-text label, .asn-app .widget-dropdown label, .asn-app .widget-password label { min-width: 0; }
.asn-app .asn-row { gap: 6px; }
.asn-bar { background: #e3e8ee; border-radius: 4px; height: 12px; }
.asn-bar > div { background: #1b6e2a; height: 12px; border-radius: 4px; }
@media (max-width: 480px) {
  .asn-app { font-size: 15px; }
  .asn-app .widget-hbox.asn-header { flex-wrap: wrap; }
  .asn-app .widget-inline-hbox { flex-wrap: wrap; }
  .asn-app .widget-inline-hbox .widget-label { width: 100%; max-width: 100%; }
}
.asn-app h2 { font-size: 19px; margin: 6px 0; }
/* Tap targets of at least 44 x 44 px for a thumb (WCAG 2.5.5), inputs that fit a 360 px screen. */
.asn-app button, .asn-app .jupyter-button, .asn-app [role=button] { min-height: 44px; min-width: 44px;
  height: auto; }
.asn-app .widget-toggle-buttons .widget-toggle-button { min-height: 44px; min-width: 48px; }
.asn-app .widget-inline-hbox { height: auto; min-height: 44px; }
.asn-app .widget-text, .asn-app .widget-password, .asn-app .widget-dropdown { max-width: 100%; }
.asn-app input[type=text], .asn-app input[type=password], .asn-app input[type=number], .asn-app select {
  min-height: 44px; height: auto; font-size: 16px; box-sizing: border-box; max-width: 100%; }
.asn-app .widget-radio-box { gap: 4px; }
.asn-app .widget-radio-box label, .asn-app .widget-checkbox label { display: flex; align-items: center; gap: 10px;
  min-height: 44px; min-width: 44px; padding: 2px 4px; box-sizing: border-box; cursor: pointer; }
.asn-app .widget-radio-box label.widget-label:empty, .asn-app .widget-checkbox label.widget-label:empty {
  display: none; }
.asn-app input[type=checkbox], .asn-app input[type=radio] { width: 22px; height: 22px; flex: none; margin: 0; }
.asn-app .widget-checkbox { min-height: 44px; }
.asn-app a.asn-download { min-height: 44px; box-sizing: border-box; line-height: 24px; }
/* Contrast of at least 4.5:1 for white text on coloured buttons. */
.asn-app .jupyter-button.mod-primary, .asn-app .jupyter-button.mod-info { background-color: #1565c0; color: #fff; }
.asn-app .jupyter-button.mod-danger { background-color: #b71c1c; color: #fff; }
.asn-app .asn-row { row-gap: 8px; }
.asn-app .asn-local-notice:empty { display: none; }
/* The result page's review: one item per collapsed <details>, its <summary> a tap target. */
.asn-app details.asn-review-item { border: 1px solid #c9d1da; border-radius: 6px; margin: 6px 0; padding: 0 12px; }
.asn-app details.asn-review-item > summary { min-height: 44px; display: flex; align-items: center; gap: 8px;
  cursor: pointer; list-style-position: inside; }
.asn-app details.asn-review-item > summary::before { content: "\\25B8"; }
.asn-app details.asn-review-item[open] > summary::before { content: "\\25BE"; }
.asn-app details.asn-review-item > summary::-webkit-details-marker { display: none; }
/* The exam's question overview (as in Moodle's quiz navigation). */
.asn-app .asn-overview { display: flex; flex-wrap: wrap; gap: 6px; }
.asn-app .asn-overview button.asn-nav-item { width: 44px; min-width: 44px; padding: 0; font-weight: 600;
  border: 2px solid #5a6b7b; background: #fff; color: #1a1a1a; }
.asn-app .asn-overview button.asn-nav-answered { background: #dbe9f7; border-color: #1565c0; }
.asn-app .asn-overview button.asn-nav-current { outline: 3px solid #1a1a1a; outline-offset: 1px; }
/* Self-assessment: an unanswered statement is marked with a sign and a text, not by colour alone. */
.asn-app .asn-unanswered { border: 2px solid #8a1c1c; }
.asn-app .asn-missing { color: #8a1c1c; font-weight: 600; }
/* The risk profile: one card per area, the level in colour and in words. */
.asn-app .asn-area-card { border: 1px solid #c9d1da; border-left-width: 8px; border-radius: 6px; padding: 8px 12px;
  margin: 8px 0; }
.asn-app .asn-area-card h3 { font-size: 17px; margin: 0 0 4px; }
.asn-app .asn-level { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 700; }
.asn-app .asn-area-low { border-left-color: #1b6e2a; }
.asn-app .asn-area-medium { border-left-color: #a35c00; }
.asn-app .asn-area-high { border-left-color: #8a1c1c; }
.asn-app .asn-level-low { background: #e3f3e6; color: #14521f; }
.asn-app .asn-level-medium { background: #fdf0dc; color: #6e3d00; }
.asn-app .asn-level-high { background: #f9e0e0; color: #7a1515; }
.asn-app ol.asn-points li { margin: 6px 0; }
.asn-app table { border-collapse: collapse; }
.asn-app td, .asn-app th { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; }
</style>
"""
