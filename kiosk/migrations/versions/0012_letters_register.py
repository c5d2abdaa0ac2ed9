"""apology letters, stop notices, register numbers (issue 14, owner: letters)

Revision ID: 0012
Revises: 0011

Placeholder reserved so parallel work keeps one linear chain; it changes nothing until filled in.
"""

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
