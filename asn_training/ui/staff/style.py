"""The staff app's own style, on top of the kit's: a wider control screen, and a projector page in large type with
high contrast (black on white, bars with their numbers written beside them, the best answer marked in words)."""

STAFF_STYLE = """
<style>
.asn-app.asn-staff { max-width: 1100px; }
.asn-app.asn-wide { max-width: none; padding: 0 2vw; }
.asn-app .asn-code { font-family: "DejaVu Sans Mono", monospace; font-weight: 800; letter-spacing: 0.12em;
  font-size: 56px; line-height: 1.1; margin: 4px 0; }
.asn-app .asn-join { display: flex; flex-wrap: wrap; gap: 24px; align-items: center; }
.asn-app .asn-qr-box svg { display: block; width: 280px; height: auto; }
.asn-app .asn-counts { font-size: 20px; font-weight: 600; }
.asn-app .asn-countdown { font-size: 20px; font-weight: 700; }
.asn-app .asn-options-list { list-style: none; padding: 0; margin: 6px 0; }
.asn-app .asn-options-list li { margin: 4px 0; }
.asn-app .asn-letter { display: inline-block; min-width: 1.6em; font-weight: 800; }
.asn-app .asn-key { font-weight: 700; color: #14521f; }
.asn-app .asn-bars { margin: 8px 0; }
.asn-app .asn-bar-grid { display: grid; grid-template-columns: 2em 1fr auto; gap: 8px 10px; align-items: center; }
.asn-app .asn-bar-row { display: contents; }
.asn-app .asn-bar-track { background: #e3e8ee; border: 1px solid #5a6b7b; height: 24px; border-radius: 3px; }
.asn-app .asn-bar-fill { background: #0b3d91; height: 100%; }
.asn-app .asn-bar-row.asn-best .asn-bar-fill { background: repeating-linear-gradient(45deg, #14521f 0 8px,
  #2e7d32 8px 16px); }
.asn-app .asn-bar-value { font-variant-numeric: tabular-nums; font-weight: 600; }
.asn-app .asn-best-mark { font-weight: 800; }
.asn-app .asn-notes { background: #fff8e1; border-left: 6px solid #a35c00; padding: 6px 12px; }
.asn-app .asn-confirm { border: 2px solid #b71c1c; border-radius: 6px; padding: 8px 12px; }
.asn-app table.asn-sessions { width: 100%; }
.asn-app table.asn-sessions a { display: inline-block; min-height: 44px; line-height: 44px; padding: 0 6px;
  color: #0b4f8a; }
.asn-app input[type=date] { min-height: 44px; font-size: 16px; box-sizing: border-box; }
.asn-app .asn-form .widget-text, .asn-app .asn-form .widget-dropdown, .asn-app .asn-form .widget-datepicker {
  max-width: 480px; }
.asn-app .asn-join-text { font-size: 18px; }
/* Once the room has started, the control screen keeps the code and a small QR code for latecomers. */
.asn-app .asn-join-compact .asn-code { font-size: 28px; }
.asn-app .asn-join-compact .asn-qr-box svg { width: 120px; }
.asn-app .asn-join-compact .asn-join-text { font-size: 15px; }
/* The projector: read from the back of a hall. Widgets' own small type gives way to the page's. */
.asn-app .asn-projector { color: #000; background: #fff; font-size: 30px; line-height: 1.35; }
.asn-app .asn-projector .widget-html, .asn-app .asn-projector .widget-html-content { font-size: inherit;
  line-height: inherit; height: auto; color: inherit; }
.asn-app .asn-projector .asn-join-text { font-size: 34px; }
.asn-app .asn-projector .asn-options-list li { margin: 10px 0; }
.asn-app .asn-projector h1 { font-size: 46px; margin: 8px 0; }
.asn-app .asn-projector h2 { font-size: 36px; margin: 8px 0; }
.asn-app .asn-projector .asn-code { font-size: 120px; }
.asn-app .asn-projector .asn-qr-box svg { width: min(62vh, 90vw); }
.asn-app .asn-projector .asn-counts, .asn-app .asn-projector .asn-countdown { font-size: 34px; }
.asn-app .asn-projector .asn-bar-grid { grid-template-columns: 2.2em 1fr auto; gap: 14px 16px; }
.asn-app .asn-projector .asn-bar-track { height: 44px; border: 2px solid #000; }
.asn-app .asn-projector .asn-muted { color: #222; font-size: 26px; }
.asn-app .asn-projector .asn-key { color: #000; }
.asn-app .asn-projector .asn-small-code { font-size: 28px; font-weight: 700; }
</style>
"""
