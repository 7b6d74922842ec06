"""Prints the query count of every list page and API list as JSON (bench/budgets.py), on
the database DATABASE_URL names: `python -m bench.query_report`."""

import json

import django


def main() -> None:
    django.setup()
    from django.test.utils import setup_test_environment

    from bench.budgets import query_counts

    setup_test_environment()  # the test client's host, 'testserver', is then allowed
    print(json.dumps(query_counts()))


if __name__ == "__main__":
    main()
