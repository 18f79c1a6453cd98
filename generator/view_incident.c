#include "view_incident.h"

#include "deploy.h"
#include "view.h"
#include "view_oncall.h"

/* The keys of view_oncall's map that the panel shows: not the build's time,
 * the shift table or the hand-off. */
static const char *const oncall_keys[] = {
	"json",	 "now",		  "overridden", "has_until",
	"until", "until_display", "next",	"name",
};

static struct val *oncall_line(struct render_ctx *r, const char *from,
			       const struct service *svc, struct val *panel)
{
	struct arena *a = &r->arena;
	struct val *full = view_oncall(r, from, svc->oncall);
	if (!full)
		return NULL;
	struct val *m = val_map(a);
	for (size_t i = 0; i < sizeof(oncall_keys) / sizeof(*oncall_keys); i++) {
		struct val *v = val_get(full, oncall_keys[i]);
		if (v)
			val_set(a, m, oncall_keys[i], v);
	}
	const struct team *team = svc->oncall->team;
	render_set_url(r, panel, "rotation_url", from,
		       arena_printf(a, "%s#cairn-oncall",
				    team ? team->address : svc->address));
	return m;
}

struct val *view_incident(struct render_ctx *r, const char *from,
			  const struct service *svc)
{
	struct arena *a = &r->arena;
	struct val *m = val_map(a);
	val_set_str(a, m, "service_title", svc->title);
	render_set_url(r, m, "service_url", from, svc->address);
	struct val *oncall = oncall_line(r, from, svc, m);
	if (oncall)
		val_set(a, m, "oncall", oncall);
	val_set_str(a, m, "oncall_url", svc->oncall_url ? svc->oncall_url : "");

	struct val *list = val_set(a, m, "deploys", val_list(a));
	const struct deploy_service *ds = svc->deploy;
	int64_t since = r->site->now - (int64_t)DEPLOY_RECENT_DAYS * 86400;
	size_t n = 0;
	/* ds->deploys is newest first */
	for (size_t i = 0; ds && i < ds->ndeploys && n < VIEW_INCIDENT_DEPLOYS; i++) {
		const struct deploy *dep = &ds->deploys[i];
		if (dep->time < since)
			continue;
		val_push(a, list, view_deploy_item(r, from, svc, dep));
		n++;
	}
	val_set_bool(a, m, "deploys_any", n > 0);
	val_set_bool(a, m, "tracked", ds != NULL);
	val_set_num(a, m, "days", DEPLOY_RECENT_DAYS);
	return m;
}
