"""device enrolment, pull cursors, blob upload state (issue 12, owner: central)

Revision ID: 0011
Revises: 0010

Placeholder reserved so parallel work keeps one linear chain; it changes nothing until filled in.
"""

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
