"""The benchmarks' database between timings."""

import psycopg2


def vacuum_analyze(connection_params, tables=()):
    """VACUUM ANALYZE ``tables`` (the whole database by default), outside
    any transaction (VACUUM refuses one): rows rolled back or reset by an
    earlier round leave dead tuples and stale statistics behind, which would
    slow down what is timed next. ``connection_params`` are psycopg2's."""
    connection = psycopg2.connect(**connection_params)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            for table in tables or (None,):
                cursor.execute(f"VACUUM ANALYZE {table}" if table else "VACUUM ANALYZE")
    finally:
        connection.close()
