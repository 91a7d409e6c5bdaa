"""Imports every feature's jobs module so their handlers are registered (the one list of job modules)."""

import court.appeals.service  # noqa: F401 - registers the appeal statements' blobs the sweeper must keep
import court.cases.jobs  # noqa: F401
import court.documents.service  # noqa: F401 - registers the signed documents' blobs the sweeper must keep
import court.execution.jobs  # noqa: F401
import court.execution.notices  # noqa: F401 - registers the notice blobs the sweeper must keep
import court.filing.documents  # noqa: F401 - registers the filing blobs the sweeper must keep
import court.filing.jobs  # noqa: F401
import court.jobs.maintenance  # noqa: F401
import court.payments.jobs  # noqa: F401
import court.routing.jobs  # noqa: F401
import court.serving.flow  # noqa: F401 - service (送达) attempts
import court.serving.photos  # noqa: F401 - registers the service photos the sweeper must keep
import court.serving.reminders  # noqa: F401 - reminders before party deadlines lapse
