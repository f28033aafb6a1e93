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
.asn-app table { border-collapse: collapse; }
.asn-app td, .asn-app th { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; }
</style>
"""
