/* view_oncall: an on-call rotation as the templates see it (issue 20).
 *
 * The answer is computed twice: here at the build's time (site->now, which
 * SOURCE_DATE_EPOCH fixes), for readers without JavaScript, and in the
 * reader's browser by themes/default/assets/oncall.js from the rotation's
 * JSON (`json`, put HTML-escaped in a data-oncall attribute; the markup
 * contract is oncall.js's header).  Everything the page shows of the
 * rotation is in the map returned, so that view_fp_shown over it
 * fingerprints it (the build's time included).
 *
 * Below the page modules, like view.h. */
#ifndef CAIRN_VIEW_ONCALL_H
#define CAIRN_VIEW_ONCALL_H

#include "assemble_oncall.h"
#include "render.h"

/* How many shifts the rotation table shows, from the current one. */
#define VIEW_ONCALL_SHIFTS 6

/* The rotation o (NULL: returns NULL) as a map:
 *   json                  oncall_to_json's object
 *   name, zone, url       its title ("" when none), IANA zone, schedule page
 *   now, overridden       who is on call at the build's time, and whether
 *                         by an override
 *   since, until (ISO UTC) and since_display, until_display (local time of
 *                         the zone, with its name); has_until
 *   next                  who takes over at until ("" when nobody does)
 *   built, built_display  the build's time (the no-JavaScript label)
 *   handoff               "Monday 09:00, every 7 days"
 *   members [{name}], escalation [{name}]
 *   shifts  [{member, start, start_display, current}] from the current one
 *   overrides [{member, start, start_display, end, end_display, current}]
 *                         those not over at the build's time
 *   repo, path            where it is written
 *   inherited, team_title, team_url
 *                         whether it is the owning team's, and that team
 *                         (url relative to from; "" when not inherited)
 * Every key is set ("" when empty), so that a template inside it never
 * reads the enclosing map's field of the same name. */
struct val *view_oncall(struct render_ctx *r, const char *from,
			const struct oncall_info *o);

#endif
