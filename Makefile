.PHONY: run test bench

run:  ## set everything up and start Parcours with the demo organisation
	@scripts/run

test:  ## set everything up and run the whole suite on real PostgreSQL, Redis and Celery
	@scripts/test

bench:  ## generate a scale-10 organisation and print throughput ratios, memory and failure drills
	@scripts/bench
