"""What renews a consultation's page revision (`Consultation.page_revision`, shared with every
kind's announcement: consult/core/page_revisions.py) for the investments its decision funded,
which its page lists and each worker keeps (consult/public/announcement.py): a record made from
the consultation, changed (its title, status, progress) or removed, or moved to another.
"""

from consult.core.page_revisions import page_watch
from consult.investments.models import Investment

#: the records a consultation's page lists
FUNDED_INVESTMENTS = page_watch(Investment)
