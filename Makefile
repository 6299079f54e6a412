# postventa: the two commands a new user needs are `make run` and `make test`.
.PHONY: run test lint docker-check docker-e2e setup bench clean stop-db

run:    ## demo database on http://localhost:8069 (admin/admin)
	bash scripts/run.sh

test:   ## fresh database, the whole pytest-odoo suite, coverage summary
	bash scripts/test.sh

lint:   ## OCA's quality gates: the pre-commit hooks over the whole tree
	bash scripts/lint.sh

docker-check:  ## the Docker path without Docker: compose file, shellcheck, the containers' scripts run here
	bash scripts/docker-check.sh

docker-e2e:  ## the compose stack run for real with Docker or Podman (CI's Docker step)
	bash scripts/docker-e2e.sh

setup:  ## only the virtualenv: Odoo from ODOO_SOURCE, libraries, OCA wheels
	bash scripts/setup.sh

bench:  ## benchmarks against vanilla helpdesk_mgmt (see bench/)
	bash scripts/bench.sh

stop-db:  ## stop the private PostgreSQL cluster
	bash scripts/pg.sh stop

clean:  ## remove the virtualenv and every database of the private cluster
	-bash scripts/pg.sh stop
	rm -rf .venv .local
