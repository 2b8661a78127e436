"""The access matrix, written out: what each kind of user gets at every URL, for RIKEN's
samples (tests/access_samples.py, tests/<app>/samples.py), by GET and by POST.

Columns (ROLES): RIKEN's editor and approver (own agency), AIST's editor (another agency),
MEXT's reviewer (supervises RIKEN), METI's reviewer (does not), the secretariat, anonymous.
``LOGIN``: sent to the sign-in page. A set: any of those statuses (the state of the world
decides, not access). Outsiders get 404 (they learn nothing), insiders without the right 403;
405 is what a POST-only URL answers a GET once access allowed it.

Worth knowing when reading the rows:
* rounds/<round>/: the sample round targets every agency, so AIST's editor is sent (302) to
  AIST's own sheet and METI's reviewer sees the round over the agencies METI supervises.
* The unpublished aggregate and the round export are for reviewers (over their own agencies)
  and the secretariat; agency users get 404 / 403.
* notifications/<n>/ is the RIKEN editor's own notification: everyone else gets 404.
* sheets/<sheet>/confirm/ is the approver's; sheets/<sheet>/comment/ the supervising reviewer's;
  a comment's reply/ is for the agency and the supervising reviewer (the secretariat reads).

A new URL needs a row here (the matrix test names it); write what each user must get, then
make the code agree, never the other way round.
"""

ROLES = ("editor", "approver", "other_editor", "reviewer", "other_reviewer", "secretariat",
         "anonymous")
LOGIN = "login"
UP_OR_DOWN = frozenset({200, 503})

EXPECTED = {
    "": {
        "GET":  (302, 302, 302, 302, 302, 302, LOGIN),
        "POST": (302, 302, 302, 302, 302, 302, LOGIN)},
    "healthz": {
        "GET":  (200, 200, 200, 200, 200, 200, 200),
        "POST": (200, 200, 200, 200, 200, 200, 200)},
    "readyz": {  # public; 503 when a dependency is down
        "GET":  (UP_OR_DOWN,) * 7,
        "POST": (405, 405, 405, 405, 405, 405, 405)},
    "i18n/setlang/": {
        "GET":  (302, 302, 302, 302, 302, 302, 302),
        "POST": (302, 302, 302, 302, 302, 302, 302)},
    "accounts/login/": {
        "GET":  (302, 302, 302, 302, 302, 302, 200),
        "POST": (302, 302, 302, 302, 302, 302, 200)},
    "accounts/logout/": {
        "GET":  (405, 405, 405, 405, 405, 405, 405),
        "POST": (302, 302, 302, 302, 302, 302, 302)},
    # The second factor: verified users are sent on (302); agency users without one are sent
    # to set one up. A POST without a code is refused (400). New recovery codes are for
    # users who have a second factor (the others are sent to set one up).
    "accounts/mfa/": {
        "GET":  (302, 302, 302, 302, 302, 302, LOGIN),
        "POST": (302, 302, 302, 302, 302, 302, LOGIN)},
    "accounts/mfa/setup/": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (400, 400, 400, 400, 400, 400, LOGIN)},
    "accounts/mfa/recovery-codes/": {
        "GET":  (405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (302, 302, 302, 200, 200, 200, LOGIN)},
    # The audit trail and the security settings are the secretariat's.
    "audit/": {
        "GET":  (403, 403, 403, 403, 403, 200, LOGIN),
        "POST": (403, 403, 403, 403, 403, 200, LOGIN)},
    "audit/export.csv": {
        "GET":  (403, 403, 403, 403, 403, 200, LOGIN),
        "POST": (403, 403, 403, 403, 403, 200, LOGIN)},
    "settings/security/": {
        "GET":  (403, 403, 403, 403, 403, 200, LOGIN),
        "POST": (403, 403, 403, 403, 403, 302, LOGIN)},
    "accounts/password/change/": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "accounts/password/change/done/": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (405, 405, 405, 405, 405, 405, LOGIN)},
    "accounts/password/reset/": {
        "GET":  (200, 200, 200, 200, 200, 200, 200),
        "POST": (200, 200, 200, 200, 200, 200, 200)},
    "accounts/password/reset/done/": {
        "GET":  (200, 200, 200, 200, 200, 200, 200),
        "POST": (405, 405, 405, 405, 405, 405, 405)},
    "accounts/password/reset/<uidb64>/<token>/": {
        "GET":  (200, 200, 200, 200, 200, 200, 200),
        "POST": (200, 200, 200, 200, 200, 200, 200)},
    "accounts/password/reset/complete/": {
        "GET":  (200, 200, 200, 200, 200, 200, 200),
        "POST": (405, 405, 405, 405, 405, 405, 405)},
    "accounts/profile/": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "accounts/profile/tokens/": {
        "GET":  (405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (400, 400, 400, 400, 400, 400, LOGIN)},
    "accounts/profile/tokens/<int:api_token>/revoke/": {
        "GET":  (405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (302, 404, 404, 404, 404, 404, LOGIN)},
    "agencies/": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "agencies/<slug:agency>/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "ministries/<str:ministry>/": {
        "GET":  (404, 404, 404, 200, 404, 200, LOGIN),
        "POST": (404, 404, 404, 200, 404, 200, LOGIN)},
    "api/v1/": {  # the JSON index
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/agencies/": {
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/agencies/<slug:agency>/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "api/v1/ministries/": {
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/ministries/<slug:ministry>/": {
        "GET":  (404, 404, 404, 200, 404, 200, 401),
        "POST": (404, 404, 404, 405, 404, 405, 401)},
    "api/v1/questionnaires/": {
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/questionnaires/<int:questionnaire_id>/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/rounds/": {
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/rounds/<int:round_id>/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/rounds/<int:round_id>/aggregate/": {
        "GET":  (404, 404, 404, 200, 404, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/sheets/": {
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/sheets/<int:sheet_id>/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "api/v1/sheets/<int:sheet_id>/answers/": {
        "GET":  (405, 405, 404, 403, 404, 403, 401),
        "POST": (405, 405, 404, 403, 404, 403, 401)},
    "api/v1/sheets/<int:sheet_id>/transitions/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (400, 400, 404, 400, 404, 400, 401)},
    "api/v1/report-jobs/": {
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (400, 400, 400, 400, 400, 400, 401)},
    "api/v1/report-jobs/<int:report_job_id>/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "api/v1/report-jobs/<int:report_job_id>/download/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    # The chapters' registers, read-only (api/registers.py): RIKEN's row is for RIKEN,
    # MEXT and the secretariat; AIST and METI get 404 and learn nothing.
    "api/v1/hr/cross-appointments/": {  # generated from the register; scoped: each sees own rows
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/hr/cross-appointments/<int:crossappointment>/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "api/v1/hr/cross-appointments/<int:crossappointment>/history/": {  # generated: the row's changes, same rule
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "api/v1/hr/secondments/": {  # generated from the register; scoped: each sees own rows
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/hr/secondments/<int:secondment>/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "api/v1/hr/secondments/<int:secondment>/history/": {  # generated: the row's changes, same rule
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "api/v1/hr/initiatives/": {  # generated from the register; scoped: each sees own rows
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/hr/initiatives/<int:initiative>/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "api/v1/hr/initiatives/<int:initiative>/history/": {  # generated: the row's changes, same rule
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "api/v1/training/programmes/": {  # generated from the register; scoped: each sees own rows
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/training/programmes/<int:programme>/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "api/v1/security/incidents/": {  # restricted: each sees the incidents they may (editors none)
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/security/incidents/<int:incident>/": {  # restricted: the agency's editor gets 404
        "GET":  (404, 200, 404, 200, 404, 200, 401),
        "POST": (404, 405, 404, 405, 404, 405, 401)},
    "api/v1/security/incidents/<int:incident>/history/": {  # restricted, as the row
        "GET":  (404, 200, 404, 200, 404, 200, 401),
        "POST": (404, 405, 404, 405, 404, 405, 401)},
    "api/v1/training/programmes/<int:programme>/history/": {  # generated: same rule as the row
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    # The chapters' annual records, list only (api/registers.py): scoped like the registers.
    "api/v1/hr/pay/": {  # generated from the annual record: scoped, each sees own
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/hr/salary/": {  # generated from the annual record: scoped, each sees own
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/hr/funding/": {  # generated from the annual record: scoped, each sees own
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/hr/cross-appointment-scheme/": {  # generated from the annual record: scoped, each sees own
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/training/needs/": {  # generated from the annual record: scoped, each sees own
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/training/uptake/": {  # generated from the annual record: scoped, each sees own
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/training/strategy/": {  # generated from the annual record: scoped, each sees own
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/security/foundations/": {  # generated from the annual record: scoped, each sees own
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/security/export-control/": {  # generated from the annual record: scoped, each sees own
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/security/trade-secrets/": {  # generated from the annual record: scoped, each sees own
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/security/challenges/": {  # generated from the annual record: scoped, each sees own
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/ip/management/": {  # generated from the annual record: scoped, each sees own
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/ip/coi-rules/": {  # generated from the annual record: scoped, each sees own
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/schema/": {
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/docs/": {
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "hr/indicators/": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "hr/indicators/export.xlsx": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "security/integrity/": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "security/integrity/export.xlsx": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "hr/agencies/<slug:agency>/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "hr/agencies/<slug:agency>/copy-previous-year/": {
        "GET":  (405, 405, 404, 403, 404, 403, LOGIN),
        "POST": (302, 302, 404, 403, 404, 403, LOGIN)},
    "hr/agencies/<slug:agency>/pay/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (302, 302, 404, 403, 404, 403, LOGIN)},
    "hr/agencies/<slug:agency>/pay/history/": {  # the record's changes: VIEW, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "hr/agencies/<slug:agency>/salary/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "hr/agencies/<slug:agency>/salary/history/": {  # the record's changes: VIEW, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "hr/agencies/<slug:agency>/salary/review/": {
        "GET":  (403, 403, 404, 302, 404, 403, LOGIN),
        "POST": (403, 403, 404, 302, 404, 403, LOGIN)},
    "hr/agencies/<slug:agency>/funding/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "hr/agencies/<slug:agency>/funding/history/": {  # the record's changes: VIEW, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "hr/agencies/<slug:agency>/cross-appointment-scheme/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "hr/agencies/<slug:agency>/cross-appointment-scheme/history/": {  # the record's changes: VIEW, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "hr/agencies/<slug:agency>/cross-appointments/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "hr/agencies/<slug:agency>/cross-appointments/new/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "hr/cross-appointments/<int:crossappointment>/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "hr/cross-appointments/<int:crossappointment>/delete/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (302, 302, 404, 403, 404, 403, LOGIN)},
    # The row's change history (generated by the register kit): VIEW through the row's
    # Scoped rule, like the list; GET only.
    "hr/cross-appointments/<int:crossappointment>/history/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "hr/agencies/<slug:agency>/secondments/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "hr/agencies/<slug:agency>/secondments/new/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "hr/secondments/<int:secondment>/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "hr/secondments/<int:secondment>/delete/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (302, 302, 404, 403, 404, 403, LOGIN)},
    # The row's change history (generated by the register kit): VIEW through the row's
    # Scoped rule, like the list; GET only.
    "hr/secondments/<int:secondment>/history/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "hr/agencies/<slug:agency>/initiatives/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "hr/agencies/<slug:agency>/initiatives/new/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "hr/initiatives/<int:initiative>/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "hr/initiatives/<int:initiative>/delete/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (302, 302, 404, 403, 404, 403, LOGIN)},
    # The row's change history (generated by the register kit): VIEW through the row's
    # Scoped rule, like the list; GET only.
    "hr/initiatives/<int:initiative>/history/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "hr/agencies/<slug:agency>/cross-appointments/import/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "hr/agencies/<slug:agency>/cross-appointments/template.xlsx": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "hr/agencies/<slug:agency>/cross-appointments/export.xlsx": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "hr/agencies/<slug:agency>/secondments/import/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "hr/agencies/<slug:agency>/secondments/template.xlsx": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "hr/agencies/<slug:agency>/secondments/export.xlsx": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "hr/agencies/<slug:agency>/initiatives/import/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "hr/agencies/<slug:agency>/initiatives/template.xlsx": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "hr/agencies/<slug:agency>/initiatives/export.xlsx": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "training/catalogue/": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "training/agencies/<slug:agency>/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    # RIKEN's own open programme: requestable by other agencies' staff only.
    "training/programmes/<int:programme>/request/": {
        "GET":  (404, 404, 200, 404, 404, 404, LOGIN),
        "POST": (404, 404, 200, 404, 404, 404, LOGIN)},
    # RIKEN asks seats in a NIMS (MEXT) programme: the decision is NIMS's approver's, the
    # cancellation RIKEN's.
    "training/seat-requests/<int:seatrequest>/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "training/seat-requests/<int:seatrequest>/decide/": {
        "GET":  (404, 404, 404, 403, 404, 403, LOGIN),
        "POST": (404, 404, 404, 403, 404, 403, LOGIN)},
    "training/seat-requests/<int:seatrequest>/cancel/": {
        "GET":  (405, 405, 404, 403, 404, 403, LOGIN),
        "POST": (302, 302, 404, 403, 404, 403, LOGIN)},
    "training/agencies/<slug:agency>/needs/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "training/agencies/<slug:agency>/needs/history/": {  # the record's changes: VIEW, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "training/agencies/<slug:agency>/uptake/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "training/agencies/<slug:agency>/strategy/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "training/agencies/<slug:agency>/uptake/history/": {  # the record's changes: VIEW, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "training/agencies/<slug:agency>/strategy/history/": {  # the record's changes: VIEW, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "training/agencies/<slug:agency>/programmes/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "training/agencies/<slug:agency>/programmes/new/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "training/programmes/<int:programme>/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "training/programmes/<int:programme>/delete/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (302, 302, 404, 403, 404, 403, LOGIN)},
    "training/programmes/<int:programme>/history/": {  # generated: VIEW on the row, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "training/agencies/<slug:agency>/programmes/import/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "training/agencies/<slug:agency>/programmes/template.xlsx": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "training/agencies/<slug:agency>/programmes/export.xlsx": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    # II-4 incidents are restricted (access.sees_restricted): the agency's approvers, its
    # supervising ministry's reviewers and the secretariat see them; only approvers write.
    # The agency's own editor gets 403 on the agency's pages and 404 on an incident.
    "security/agencies/<slug:agency>/incidents/": {
        "GET":  (403, 200, 404, 200, 404, 200, LOGIN),
        "POST": (403, 200, 404, 200, 404, 200, LOGIN)},
    "security/agencies/<slug:agency>/incidents/new/": {
        "GET":  (403, 200, 404, 403, 404, 403, LOGIN),
        "POST": (403, 200, 404, 403, 404, 403, LOGIN)},
    "security/incidents/<int:incident>/": {
        "GET":  (404, 200, 404, 403, 404, 403, LOGIN),
        "POST": (404, 200, 404, 403, 404, 403, LOGIN)},
    "security/incidents/<int:incident>/history/": {  # GET only; restricted, as the row
        "GET":  (404, 200, 404, 200, 404, 200, LOGIN),
        "POST": (404, 405, 404, 405, 404, 405, LOGIN)},
    "security/incidents/<int:incident>/delete/": {
        "GET":  (404, 200, 404, 403, 404, 403, LOGIN),
        "POST": (404, 302, 404, 403, 404, 403, LOGIN)},
    "security/agencies/<slug:agency>/incidents/import/": {
        "GET":  (403, 200, 404, 403, 404, 403, LOGIN),
        "POST": (403, 200, 404, 403, 404, 403, LOGIN)},
    "security/agencies/<slug:agency>/incidents/template.xlsx": {
        "GET":  (403, 200, 404, 403, 404, 403, LOGIN),
        "POST": (403, 200, 404, 403, 404, 403, LOGIN)},
    "security/agencies/<slug:agency>/incidents/export.xlsx": {
        "GET":  (403, 200, 404, 200, 404, 200, LOGIN),
        "POST": (403, 200, 404, 200, 404, 200, LOGIN)},
    "notifications/": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "notifications/<int:notification>/": {
        "GET":  (302, 404, 404, 404, 404, 404, LOGIN),
        "POST": (302, 404, 404, 404, 404, 404, LOGIN)},
    "rounds/": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "rounds/new/": {
        "GET":  (403, 403, 403, 403, 403, 200, LOGIN),
        "POST": (403, 403, 403, 403, 403, 200, LOGIN)},
    "rounds/<int:round>/": {
        "GET":  (302, 302, 302, 200, 200, 200, LOGIN),
        "POST": (302, 302, 302, 200, 200, 200, LOGIN)},
    "rounds/<int:round>/action/": {
        "GET":  (403, 403, 403, 403, 403, 405, LOGIN),
        "POST": (403, 403, 403, 403, 403, 404, LOGIN)},
    "rounds/<int:round>/aggregate/": {
        "GET":  (404, 404, 404, 200, 200, 200, LOGIN),
        "POST": (404, 404, 404, 200, 200, 200, LOGIN)},
    "rounds/<int:round>/export.xlsx": {
        "GET":  (403, 403, 403, 200, 200, 200, LOGIN),
        "POST": (403, 403, 403, 200, 200, 200, LOGIN)},
    "rounds/<int:round>/reports/": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (405, 405, 405, 405, 405, 405, LOGIN)},
    "rounds/<int:round>/reports/annual/": {
        "GET":  (403, 403, 403, 403, 403, 405, LOGIN),
        "POST": (403, 403, 403, 403, 403, 302, LOGIN)},
    "rounds/<int:round>/reports/annual/status/": {
        "GET":  (403, 403, 403, 403, 403, 200, LOGIN),
        "POST": (403, 403, 403, 403, 403, 405, LOGIN)},
    "rounds/<int:round>/reports/annual/download/": {
        "GET":  (403, 403, 403, 403, 403, 200, LOGIN),
        "POST": (403, 403, 403, 403, 403, 405, LOGIN)},
    "rounds/<int:round>/reports/agencies/<slug:agency>/": {
        "GET":  (405, 405, 404, 405, 404, 405, LOGIN),
        "POST": (302, 302, 404, 302, 404, 302, LOGIN)},
    "rounds/<int:round>/reports/agencies/<slug:agency>/status/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "rounds/<int:round>/reports/agencies/<slug:agency>/download/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "rounds/<int:round>/reports/ministries/<str:ministry>/": {
        "GET":  (404, 404, 404, 405, 404, 405, LOGIN),
        "POST": (404, 404, 404, 302, 404, 302, LOGIN)},
    "rounds/<int:round>/reports/ministries/<str:ministry>/status/": {
        "GET":  (404, 404, 404, 200, 404, 200, LOGIN),
        "POST": (404, 404, 404, 405, 404, 405, LOGIN)},
    "rounds/<int:round>/reports/ministries/<str:ministry>/download/": {
        "GET":  (404, 404, 404, 200, 404, 200, LOGIN),
        "POST": (404, 404, 404, 405, 404, 405, LOGIN)},
    "sheets/<int:sheet>/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "sheets/<int:sheet>/sections/<str:section>/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (302, 302, 404, 403, 404, 403, LOGIN)},
    "sheets/<int:sheet>/autosave/": {
        "GET":  (405, 405, 404, 403, 404, 403, LOGIN),
        "POST": (404, 404, 404, 403, 404, 403, LOGIN)},
    "sheets/<int:sheet>/transition/": {
        "GET":  (405, 405, 404, 405, 404, 405, LOGIN),
        "POST": (302, 302, 404, 302, 404, 302, LOGIN)},
    "sheets/<int:sheet>/confirm/": {
        "GET":  (403, 200, 404, 403, 404, 403, LOGIN),
        "POST": (403, 200, 404, 403, 404, 403, LOGIN)},
    "sheets/<int:sheet>/comment/": {
        "GET":  (403, 403, 404, 405, 404, 403, LOGIN),
        "POST": (403, 403, 404, 302, 404, 403, LOGIN)},
    "sheets/<int:sheet>/comments/<int:comment>/reply/": {  # the agency's and the reviewers'
        "GET":  (405, 405, 404, 405, 404, 405, LOGIN),
        "POST": (302, 302, 404, 302, 404, 403, LOGIN)},
    "sheets/<int:sheet>/history/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "sheets/<int:sheet>/template.xlsx": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "sheets/<int:sheet>/upload/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (400, 400, 404, 403, 404, 403, LOGIN)},
    "sheets/<int:sheet>/snapshots/<int:snapshot>/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "sheets/<int:sheet>/evidence/": {
        "GET":  (405, 405, 404, 403, 404, 403, LOGIN),
        "POST": (404, 404, 404, 403, 404, 403, LOGIN)},
    "evidence/<int:evidence>/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "evidence/<int:evidence>/delete/": {
        "GET":  (405, 405, 404, 403, 404, 403, LOGIN),
        "POST": (302, 302, 404, 403, 404, 403, LOGIN)},
    "reviews/": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    # Government-side items: ministry reviewers and the secretariat only. The sample action
    # is MEXT's (with an evidence file): METI's reviewer does not learn it exists.
    "government/": {
        "GET":  (403, 403, 403, 200, 200, 200, LOGIN),
        "POST": (403, 403, 403, 200, 200, 200, LOGIN)},
    "government/items/<str:item>/": {
        "GET":  (403, 403, 403, 200, 200, 200, LOGIN),
        "POST": (403, 403, 403, 200, 200, 200, LOGIN)},
    "government/actions/<int:action>/evidence/": {
        "GET":  (403, 403, 403, 200, 404, 200, LOGIN),
        "POST": (403, 403, 403, 200, 404, 200, LOGIN)},
    "government/plans/": {
        "GET":  (403, 403, 403, 200, 200, 200, LOGIN),
        "POST": (403, 403, 403, 200, 200, 200, LOGIN)},
    # I-G1 is recorded by the supervising ministry (REVIEW on the agency).
    "government/plans/<slug:agency>/": {
        "GET":  (403, 403, 404, 200, 404, 403, LOGIN),
        "POST": (403, 403, 404, 200, 404, 403, LOGIN)},
    # II-2 indicators: every signed-in user with agencies to see; figures by agency over
    # those agencies only (the page and the export share one scope).
    "training/indicators/": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "training/indicators/export.xlsx": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    # RIKEN's strategy document: whoever may view RIKEN (GET only); others learn nothing.
    "training/strategies/<int:strategy>/document/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    # The good-practice database (practices/). The sample is RIKEN's entry, submitted and not
    # yet published: AIST's editor and METI's reviewer get 404 everywhere it is named. The
    # search page is everyone's (it lists what access.practices gives each user).
    "practices/": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "practices/<int:practice>/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    # POST-only; an empty POST names no state: back to the entry (302).
    "practices/<int:practice>/state/": {
        "GET":  (405, 405, 404, 405, 404, 405, LOGIN),
        "POST": (302, 302, 404, 302, 404, 302, LOGIN)},
    # Featuring is the secretariat's and the council curators' (access.may_feature_practices;
    # none of these users is a curator).
    "practices/<int:practice>/feature/": {
        "GET":  (405, 405, 404, 405, 404, 405, LOGIN),
        "POST": (403, 403, 404, 403, 404, 302, LOGIN)},
    # II-4-A1: recording a council survey result is the council curators' and the
    # secretariat's (access.curates_practices; none of the agency users here is a curator);
    # an empty POST is refused with its errors (400).
    "practices/surveys/new/": {
        "GET":  (403, 403, 403, 403, 403, 200, LOGIN),
        "POST": (403, 403, 403, 403, 403, 400, LOGIN)},
    # Attaching a file: the proposing agency's editors and approvers (the sample is submitted,
    # so they are sent back with the reason, 302); whoever else sees the entry 403.
    "practices/<int:practice>/attachments/": {
        "GET":  (405, 405, 404, 405, 404, 405, LOGIN),
        "POST": (302, 302, 404, 403, 404, 403, LOGIN)},
    # A file of RIKEN's submitted entry: whoever may see the entry downloads it (recorded);
    # removing it is the agency's (refused with the reason, 302, once submitted).
    "practices/attachments/<int:attachment>/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "practices/attachments/<int:attachment>/delete/": {
        "GET":  (405, 405, 404, 405, 404, 405, LOGIN),
        "POST": (302, 302, 404, 403, 404, 403, LOGIN)},
    "practices/agencies/<slug:agency>/entries/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "practices/agencies/<slug:agency>/entries/new/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    # The sample is submitted, so its own editors see the form refuse changes (200), and may
    # not delete it (403: only a draft is deleted).
    "practices/entries/<int:practice>/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "practices/entries/<int:practice>/delete/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (403, 403, 404, 403, 404, 403, LOGIN)},
    "practices/entries/<int:practice>/history/": {  # the kit's history, seen as the entry
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "practices/agencies/<slug:agency>/entries/import/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "practices/agencies/<slug:agency>/entries/template.xlsx": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "practices/agencies/<slug:agency>/entries/export.xlsx": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    # Generated from the register; the list is access.practices (published entries of every
    # agency plus what each may see), so everyone gets 200 and AIST's editor no RIKEN row.
    "api/v1/practices/entries/": {
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/practices/entries/<int:practice>/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "api/v1/practices/entries/<int:practice>/history/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    # II-4 ①–④ and 図12 (not restricted): the agency's editors and approvers write, its
    # supervising ministry's reviewers and the secretariat read; outsiders learn nothing.
    "security/overview/": {  # figures over the agencies each user may see
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "security/overview/export.xlsx": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "security/agencies/<slug:agency>/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "security/agencies/<slug:agency>/foundations/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "security/agencies/<slug:agency>/foundations/history/": {  # VIEW, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "security/agencies/<slug:agency>/export-control/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "security/agencies/<slug:agency>/export-control/history/": {  # VIEW, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "security/agencies/<slug:agency>/trade-secrets/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "security/agencies/<slug:agency>/trade-secrets/history/": {  # VIEW, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "security/agencies/<slug:agency>/challenges/": {  # checkboxes only: an empty POST is an answer
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (302, 302, 404, 403, 404, 403, LOGIN)},
    "security/agencies/<slug:agency>/challenges/history/": {  # VIEW, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "security/agencies/<slug:agency>/reviews/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "security/agencies/<slug:agency>/reviews/new/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "security/reviews/<int:review>/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "security/reviews/<int:review>/delete/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (302, 302, 404, 403, 404, 403, LOGIN)},
    "security/reviews/<int:review>/history/": {  # generated: VIEW on the row, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "security/agencies/<slug:agency>/reviews/import/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "security/agencies/<slug:agency>/reviews/template.xlsx": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "security/agencies/<slug:agency>/reviews/export.xlsx": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "api/v1/security/reviews/": {  # generated; scoped: each sees own rows
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/security/reviews/<int:review>/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "api/v1/security/reviews/<int:review>/history/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "security/agencies/<slug:agency>/information-security/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "security/agencies/<slug:agency>/information-security/new/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "security/information-security/<int:control>/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "security/information-security/<int:control>/delete/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (302, 302, 404, 403, 404, 403, LOGIN)},
    "security/information-security/<int:control>/history/": {  # generated: VIEW on the row, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "security/agencies/<slug:agency>/information-security/import/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "security/agencies/<slug:agency>/information-security/template.xlsx": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "security/agencies/<slug:agency>/information-security/export.xlsx": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "api/v1/security/information-security/": {  # generated; scoped: each sees own rows
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/security/information-security/<int:control>/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "api/v1/security/information-security/<int:control>/history/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    # II-3 (ip/). The indicators are figures over every 国研 (the table below them shows only
    # the viewer's agencies); the chapter page, records and startups follow VIEW / EDIT.
    "ip/indicators/": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "ip/indicators/export.xlsx": {
        "GET":  (200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (200, 200, 200, 200, 200, 200, LOGIN)},
    "ip/agencies/<slug:agency>/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "ip/agencies/<slug:agency>/management/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "ip/agencies/<slug:agency>/management/history/": {  # the record's changes: VIEW, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "ip/agencies/<slug:agency>/coi-rules/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "ip/agencies/<slug:agency>/coi-rules/history/": {  # the record's changes: VIEW, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "ip/agencies/<slug:agency>/startups/": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    "ip/agencies/<slug:agency>/startups/new/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "ip/startups/<int:startup>/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "ip/startups/<int:startup>/delete/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (302, 302, 404, 403, 404, 403, LOGIN)},
    "ip/startups/<int:startup>/history/": {  # generated: VIEW on the row, GET only
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (405, 405, 404, 405, 404, 405, LOGIN)},
    "ip/agencies/<slug:agency>/startups/import/": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "ip/agencies/<slug:agency>/startups/template.xlsx": {
        "GET":  (200, 200, 404, 403, 404, 403, LOGIN),
        "POST": (200, 200, 404, 403, 404, 403, LOGIN)},
    "ip/agencies/<slug:agency>/startups/export.xlsx": {
        "GET":  (200, 200, 404, 200, 404, 200, LOGIN),
        "POST": (200, 200, 404, 200, 404, 200, LOGIN)},
    # II-3 COI/COC cases are restricted as II-4's incidents (the issue: the agency's approvers,
    # its supervising ministries and the secretariat only); only approvers write. The agency's
    # own editor gets 403 on the agency's pages and 404 on a case.
    "ip/agencies/<slug:agency>/coi-cases/": {
        "GET":  (403, 200, 404, 200, 404, 200, LOGIN),
        "POST": (403, 200, 404, 200, 404, 200, LOGIN)},
    "ip/agencies/<slug:agency>/coi-cases/new/": {
        "GET":  (403, 200, 404, 403, 404, 403, LOGIN),
        "POST": (403, 200, 404, 403, 404, 403, LOGIN)},
    "ip/coi-cases/<int:coicase>/": {
        "GET":  (404, 200, 404, 403, 404, 403, LOGIN),
        "POST": (404, 200, 404, 403, 404, 403, LOGIN)},
    "ip/coi-cases/<int:coicase>/history/": {  # GET only; restricted, as the row
        "GET":  (404, 200, 404, 200, 404, 200, LOGIN),
        "POST": (404, 405, 404, 405, 404, 405, LOGIN)},
    "ip/coi-cases/<int:coicase>/delete/": {
        "GET":  (404, 200, 404, 403, 404, 403, LOGIN),
        "POST": (404, 302, 404, 403, 404, 403, LOGIN)},
    "ip/agencies/<slug:agency>/coi-cases/import/": {
        "GET":  (403, 200, 404, 403, 404, 403, LOGIN),
        "POST": (403, 200, 404, 403, 404, 403, LOGIN)},
    "ip/agencies/<slug:agency>/coi-cases/template.xlsx": {
        "GET":  (403, 200, 404, 403, 404, 403, LOGIN),
        "POST": (403, 200, 404, 403, 404, 403, LOGIN)},
    "ip/agencies/<slug:agency>/coi-cases/export.xlsx": {
        "GET":  (403, 200, 404, 200, 404, 200, LOGIN),
        "POST": (403, 200, 404, 200, 404, 200, LOGIN)},
    "api/v1/ip/startups/": {  # generated from the register; scoped: each sees own rows
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/ip/startups/<int:startup>/": {
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "api/v1/ip/startups/<int:startup>/history/": {  # generated: same rule as the row
        "GET":  (200, 200, 404, 200, 404, 200, 401),
        "POST": (405, 405, 404, 405, 404, 405, 401)},
    "api/v1/ip/coi-cases/": {  # restricted: each sees the cases they may (editors none)
        "GET":  (200, 200, 200, 200, 200, 200, 401),
        "POST": (405, 405, 405, 405, 405, 405, 401)},
    "api/v1/ip/coi-cases/<int:coicase>/": {  # restricted: the agency's editor gets 404
        "GET":  (404, 200, 404, 200, 404, 200, 401),
        "POST": (404, 405, 404, 405, 404, 405, 401)},
    "api/v1/ip/coi-cases/<int:coicase>/history/": {  # restricted, as the row
        "GET":  (404, 200, 404, 200, 404, 200, 401),
        "POST": (404, 405, 404, 405, 404, 405, 401)},
}
