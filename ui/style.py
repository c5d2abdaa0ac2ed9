"""The app's look: one style sheet, calm colours, large touch-friendly controls."""

PRIMARY = "#0b5394"
DANGER = "#b42318"
WARNING = "#b54708"
OK = "#067647"

STYLE_SHEET = f"""
#header {{ background: {PRIMARY}; }}
#header QLabel {{ color: white; }}
#headerParent {{ font-size: 10pt; letter-spacing: 1px; }}
#headerAgency {{ font-size: 14pt; font-weight: bold; }}
#headerCounter {{ font-size: 13pt; font-weight: bold; padding: 4px 14px;
                  border: 1px solid rgba(255,255,255,0.6); border-radius: 6px;
                  margin-right: 12px; }}
#headerClock {{ font-size: 11pt; }}
#demoBadge {{ background: #fdb022; color: #1d2939; font-weight: bold; padding: 3px 10px;
              border-radius: 4px; margin-right: 12px; }}
#nav {{ background: #f2f4f7; border: none; border-right: 1px solid #d0d5dd; font-size: 12pt;
        padding-top: 8px; }}
#nav {{ outline: 0; }}
#nav::item {{ padding: 12px 16px; }}
#nav::item:selected {{ background: white; color: {PRIMARY}; font-weight: bold;
                       border-left: 4px solid {PRIMARY}; }}
#pageTitle {{ font-size: 18pt; font-weight: bold; color: #101828; }}
#cardTitle {{ font-size: 10pt; color: #475467; }}
#cardValue {{ font-size: 22pt; font-weight: bold; color: #101828; }}
#card {{ background: white; border: 1px solid #d0d5dd; border-radius: 8px; }}
#dayOff {{ color: {DANGER}; font-weight: bold; }}
#dayOn {{ color: {OK}; font-weight: bold; }}
QPushButton {{ padding: 8px 18px; border-radius: 6px; border: 1px solid #d0d5dd;
               background: white; }}
QPushButton:default, QPushButton#primary {{ background: {PRIMARY}; color: white; border: none; }}
QPushButton:disabled {{ color: #98a2b3; }}
QPushButton#primary:disabled {{ background: #d0d5dd; color: #667085; }}
"""
