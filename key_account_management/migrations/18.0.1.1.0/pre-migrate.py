"""An order has one revisit plan, now enforced by a unique index: detach the
extra plans that concurrent confirmations may have made, keeping their
revisits, before the index is created."""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    cr.execute(
        """
        UPDATE key_account_revisit_plan plan
           SET order_id = NULL
          FROM (
                SELECT id, row_number() OVER (PARTITION BY order_id ORDER BY id) AS rank
                  FROM key_account_revisit_plan
                 WHERE order_id IS NOT NULL
               ) ranked
         WHERE ranked.id = plan.id AND ranked.rank > 1
     RETURNING plan.id
        """
    )
    detached = [row[0] for row in cr.fetchall()]
    if detached:
        _logger.warning(
            "Revisit plans %s duplicated the plan of their sales order: detached from it", detached
        )
