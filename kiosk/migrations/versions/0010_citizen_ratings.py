"""ratings and citizen-kiosk tables (issue 13, owner: citizen)

Revision ID: 0010
Revises: 0009

Placeholder reserved so parallel work keeps one linear chain; it changes nothing until filled in.
"""

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
