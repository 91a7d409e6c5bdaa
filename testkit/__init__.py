"""Support shared by the tests (tests/) and the benchmarks (bench/): the services they start or find (PostgreSQL
databases, Redis, a moto S3 server, free ports), the documents they generate (PDFs, OCR pages) and the load they put
on a cluster. Neither court, storage, nlp nor kernel imports it, and it imports neither tests nor bench
([tool.importlinter])."""
