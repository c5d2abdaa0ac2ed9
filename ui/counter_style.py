"""Styles of the counter's sign-in/lock screen, header badge and queue page (set on those
widgets)."""

from ui.style import DANGER, PRIMARY

SIGNIN_STYLE = f"""
#signinScreen {{ background: #eef2f6; }}
#signinCard {{ background: white; border: 1px solid #d0d5dd; border-radius: 12px; }}
#signinCounter {{ color: {PRIMARY}; font-size: 11pt; font-weight: bold; letter-spacing: 2px;
                  border: 2px solid {PRIMARY}; border-radius: 6px; padding: 2px 12px; }}
#signinTitle {{ font-size: 20pt; font-weight: bold; color: #101828; }}
#signinSubtitle {{ font-size: 11pt; color: #475467; }}
#fieldLabel {{ font-size: 11pt; font-weight: bold; color: #344054; }}
#signinField {{ font-size: 15pt; padding: 8px 10px; border: 1px solid #98a2b3;
                border-radius: 6px; }}
#signinField:focus {{ border: 2px solid {PRIMARY}; }}
#signinHint {{ font-size: 10pt; color: #667085; }}
#linkButton {{ border: none; background: transparent; color: {PRIMARY}; text-decoration: underline;
               font-size: 11pt; }}
"""

COMMON_STYLE = f"""
#formError {{ color: {DANGER}; font-weight: bold; font-size: 11pt; background: #fef3f2;
              border: 1px solid #fecdca; border-radius: 6px; padding: 8px 10px; }}
QPushButton#bigPrimary {{ background: {PRIMARY}; color: white; border: none; font-size: 14pt;
                          font-weight: bold; padding: 14px 24px; border-radius: 8px; }}
QPushButton#bigPrimary:disabled {{ background: #98a2b3; color: #f2f4f7; }}
QPushButton#bigButton {{ font-size: 12pt; padding: 12px 16px; border-radius: 8px; }}
"""

QUEUE_STYLE = f"""
#ticketNumber {{ font-size: 56pt; font-weight: bold; color: {PRIMARY}; }}
#ticketService {{ font-size: 13pt; color: #101828; }}
#ticketState {{ font-size: 11pt; color: #475467; }}
#queueTable {{ font-size: 12pt; background: white; border: 1px solid #d0d5dd; border-radius: 8px; }}
#queueTable::item {{ padding: 6px; }}
#queueTable::item:selected {{ background: #d1e9ff; color: #101828; }}
"""

BADGE_STYLE = """
#headerOfficer { font-size: 11pt; font-weight: bold; }
QPushButton#headerButton { background: transparent; color: white;
                           border: 1px solid rgba(255,255,255,0.6); padding: 1px 10px;
                           border-radius: 4px; font-size: 9pt; }
QPushButton#headerButton:hover { background: rgba(255,255,255,0.15); }
"""
