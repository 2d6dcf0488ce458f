"""A daily job's batch collides with a rep's write: it runs again."""

from unittest.mock import MagicMock, patch

from psycopg2 import errorcodes, errors

from odoo.tests import BaseCase, tagged

from ..cron_batch import run_cron_batch


class Collision(errors.SerializationFailure):
    """What PostgreSQL raises when a rep wrote a row the batch updates."""

    pgcode = errorcodes.SERIALIZATION_FAILURE


@tagged("post_install", "-at_install")
class TestCronBatch(BaseCase):
    def test_a_serialization_failure_reruns_the_batch_in_a_new_transaction(self):
        env = MagicMock()
        env.cr._closed = False
        env.cr.closed = False
        calls = []

        def batch():
            calls.append(len(calls))
            if len(calls) == 1:
                raise Collision("could not serialize access due to concurrent update")

        with patch("odoo.service.model.time.sleep"):
            run_cron_batch(env, batch)
        self.assertEqual(calls, [0, 1])
        env.cr.rollback.assert_called_once()
        env.cr.commit.assert_called_once()

    def test_another_error_fails_the_batch(self):
        env = MagicMock()
        env.cr._closed = False
        env.cr.closed = False

        def batch():
            raise ValueError("not a collision")

        with self.assertRaises(ValueError):
            run_cron_batch(env, batch)
        env.cr.commit.assert_not_called()
