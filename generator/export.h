/* export: machine-readable files for other tools — catalog.json,
 * action-items.csv and action-items.json, deploys.json, alerts.json,
 * slos.json, tech-debt.csv and tech-debt.json, dependencies.json,
 * contracts.json.  URLs in them are the pages' addresses, absolute when
 * base_url is set. */
#ifndef CAIRN_EXPORT_H
#define CAIRN_EXPORT_H

#include "render.h"

/* Writes catalog.json: services[] with name, title, owner, team,
 * lifecycle, type, system, repo, url, runbooks[], apis[], depends_on[];
 * teams[] with name, members[], services[]. */
void export_catalog(struct render_ctx *r);
/* catalog.json also has apis[]: name, title, type, lifecycle, team, repo,
 * path, url, providers[], consumers[] (service names) and changes[] (what
 * a deploy would change, api_changes.h: from_env, to, to_branch,
 * from_commit, to_commit, kind, breaking, operation ("GET /p/{id}"),
 * detail, consumers[]: for a breaking change, the names of the consumers
 * whose contracts exercise its operation). */

/* Writes contracts.json: contracts[] (every contract, as site.h orders
 * them) with consumer, provider (service names; the provider as written
 * when the API has none), api, repository, file, spec_version, declared,
 * checked, mismatches, messages, url (the API page's Consumers section) and
 * interactions[] (in file order: description, method, path, status, line,
 * operation ("GET /p/{id}", or null), operation_url, matches (null when
 * not checked) and problem (why it does not match, or null)). */
void export_contracts(struct render_ctx *r);

/* Writes action-items.csv and action-items.json: every action item, in
 * the tracker's order, with its post-mortem, service, team, owner, due
 * date, state and the house rules' verdicts. */
void export_action_items(struct render_ctx *r);

/* Writes deploys.json: every deploy of the last 90 days, newest first. */
void export_deploys(struct render_ctx *r);

/* Writes alerts.json: alerts[] with name, group, severity, summary,
 * description, expr, for, labels, repo, path, line, service, team, url (its
 * page), runbook_url (as written, or null) and runbook (null, or {title,
 * repo, path, url}). */
void export_alerts(struct render_ctx *r);

/* Writes slos.json: slos[] with service, name, title, target, window,
 * budgeting, state and, with a feed record, sli, budget_remaining,
 * burn_rate_1h, burn_rate_6h, time. */
void export_slos(struct render_ctx *r);

/* Writes tech-debt.csv and tech-debt.json: every debt item, in the
 * tracker's order, with its kind, state, owner, schedule, service, team
 * and the house rules' flags. */
void export_techdebt(struct render_ctx *r);

/* Writes dependencies.json: packages[] with ecosystem, name, url,
 * versions[] each with version, services[] ({name, direct, dev}) and
 * direct (some service names it directly). */
void export_dependencies(struct render_ctx *r);

#endif
