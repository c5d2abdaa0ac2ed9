"""sealed, signed per-paper PDFs and their reuse (issue 11, owner: scan-seal)

Revision ID: 0014
Revises: 0013

Placeholder reserved so parallel work keeps one linear chain; it changes nothing until filled in.
"""

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
