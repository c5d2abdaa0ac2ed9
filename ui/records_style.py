"""Styles of the dossier list, dossier detail and results-return pages (set on those pages)."""

from ui.style import DANGER, OK, PRIMARY

RECORDS_STYLE = f"""
#sectionTitle {{ font-size: 11pt; font-weight: bold; color: {PRIMARY};
                 border-bottom: 1px solid #d0d5dd; padding-bottom: 2px; }}
#detailCode {{ font-size: 15pt; font-weight: bold; color: #101828; }}
#fieldName {{ color: #475467; }}
#fieldValue {{ font-size: 12pt; color: #101828; }}
#cardTag {{ color: {OK}; background: #ecfdf3; border: 1px solid #abefc6; border-radius: 4px;
            padding: 0px 6px; font-size: 9pt; }}
#voluntaryItem {{ background: #f9fafb; border-left: 3px solid #98a2b3; padding-left: 6px; }}
#hint {{ color: #667085; }}
#msgOk {{ color: {OK}; font-weight: bold; font-size: 12pt; background: #ecfdf3;
          border: 1px solid #abefc6; border-radius: 6px; padding: 8px 10px; }}
#msgError {{ color: {DANGER}; font-weight: bold; font-size: 12pt; background: #fef3f2;
             border: 1px solid #fecdca; border-radius: 6px; padding: 8px 10px; }}
#cannotReturn {{ color: {DANGER}; font-weight: bold; padding-top: 6px; }}
#scanInput {{ font-size: 15pt; padding: 8px 10px; border: 1px solid #98a2b3; border-radius: 6px; }}
#scanInput:focus {{ border: 2px solid {PRIMARY}; }}
#search {{ font-size: 12pt; padding: 6px 8px; }}
#dossierTable {{ background: white; font-size: 10pt; }}
#detail {{ background: white; }}
#listStatus {{ color: #475467; }}
QPushButton#primary {{ font-size: 12pt; font-weight: bold; padding: 10px 22px; }}
"""
