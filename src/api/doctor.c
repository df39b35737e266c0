// SPDX-License-Identifier: MIT
/*
 * mr_machine_doctor(): what the platform finds on this computer (its
 * doctor hook), then what memremap() would do with the range for each
 * cache type — the plan, nothing executed — and the doors it considered.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "mr_api.h"
#include "mr_resource.h"

static const unsigned long mr__doctor_types[] = {MEMREMAP_WB, MEMREMAP_WT, MEMREMAP_WC,
						 MEMREMAP_DEV};

/* The tree around the range, and what region_intersects() says of it. */
static void mr__doctor_range(struct mr_machine *m, uint64_t phys, uint64_t size,
			     struct mr__doctor *d)
{
	static const char *const ri_names[] = {"REGION_INTERSECTS", "REGION_DISJOINT",
					       "REGION_MIXED"};
	char names[256];
	int ri = mr_region_intersects(m->iomem, phys, (size_t)size, IORESOURCE_SYSTEM_RAM,
				      IORES_DESC_NONE);

	mr__resource_describe(m->iomem, phys, phys + size - 1, names, sizeof(names));
	mr__doctor_say(d, MR_DOCTOR_INFO, "range", NULL, MR__MEM ": %s; System RAM: %s", phys,
		       phys + size - 1, names[0] ? names : "a hole (no resource)",
		       ri >= 0 && ri <= 2 ? ri_names[ri] : "?");
}

/* Cache types already held on the pages: the kernel's PAT entries and our own mappings. */
static void mr__doctor_pat(struct mr_machine *m, uint64_t phys, uint64_t size, struct mr__doctor *d)
{
	unsigned long type = 0;
	char who[200] = "";
	int held = mr_machine_memtype(m, phys, (size_t)size, &type, who, sizeof(who));

	if (held > 0)
		mr__doctor_say(
			d, MR_DOCTOR_INFO, "pat",
			"a mapping asks for a type that agrees with it (or gets it inherited)",
			"%s is held on the range: %s", mr_type_name(type), who);
	else if (!held)
		mr__doctor_say(d, MR_DOCTOR_OK, "pat", NULL,
			       "no cache type is held on the range yet (%s)",
			       strcmp(m->ops->name, "linux")
				       ? "this machine's mappings"
				       : "the kernel's PAT list as read at open, and our mappings");
}

/* Each "door: verdict" line of a plan, as a line of its own. */
static void mr__doctor_doors(const char *doors, struct mr__doctor *d)
{
	char text[sizeof(((struct mr__map *)0)->doors)], *line, *save = NULL;

	snprintf(text, sizeof(text), "%s", doors);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		mr__doctor_say(d, strstr(line, ": taken") ? MR_DOCTOR_OK : MR_DOCTOR_INFO, "door",
			       NULL, "%s", line);
}

/* What memremap() would get with @type alone; the verdict type's doors too. */
static void mr__doctor_plan(struct mr_machine *m, uint64_t phys, uint64_t size, unsigned long type,
			    bool verdict, struct mr__doctor *d)
{
	struct mr__plan p;
	char topic[16];

	snprintf(topic, sizeof(topic), "map %s", mr_type_name(type));
	/* Plans are made under the library lock, as memremap() makes them. */
	mr__read_lock();
	mr__plan(&p, m, phys, (size_t)size, type);
	mr__read_unlock();
	if (p.err) {
		mr__doctor_say(d, verdict ? MR_DOCTOR_FAIL : MR_DOCTOR_INFO, topic,
			       verdict ? "the lines above say which door is shut and how to open it"
				       : NULL,
			       "refused: %s", mr_errmsg());
	} else if (p.direct) {
		mr__doctor_say(d, MR_DOCTOR_OK, topic, NULL, "would map wb from the direct map");
	} else {
		mr__doctor_say(d, MR_DOCTOR_OK, topic, NULL, "would map as %s through %s%s%s",
			       mr_type_name(p.map.got), p.map.how, p.map.note[0] ? ": " : "",
			       p.map.note);
	}
	if (verdict && !p.direct)
		mr__doctor_doors(p.map.doors, d);
}

int mr_machine_doctor(struct mr_machine *m, phys_addr_t phys, size_t size, unsigned int flags,
		      void (*fn)(const struct mr_doctor_line *line, void *arg), void *arg)
{
	struct mr__doctor d = {fn, arg, MR_DOCTOR_OK};
	unsigned long verdict;
	int saved = errno;
	size_t i;

	if (!fn)
		return mr__err(EINVAL, "mr_machine_doctor: no function for the findings");
	if (size && phys + size - 1 < phys)
		return mr__err(EINVAL, "mr_machine_doctor: [%#" PRIx64 " + %#zx] wraps around",
			       phys, size);
	m = mr__api_hold(m);
	if (!m)
		return -errno;
	if (!(flags & MR_DOCTOR_RANGE_ONLY)) {
		mr__doctor_say(&d, MR_DOCTOR_INFO, "machine", NULL,
			       "'%s' (%s), %u-bit physical addresses", m->spec, m->ops->name,
			       m->phys_bits);
		if (m->ops->doctor)
			m->ops->doctor(m, 0, 0, &d);
	}
	if (size) {
		mr__doctor_range(m, phys, size, &d);
		mr__doctor_pat(m, phys, size, &d);
		if (m->ops->doctor)
			m->ops->doctor(m, phys, size, &d);
		/* The type the tool maps with when none is asked for decides. */
		verdict = mr_region_intersects(m->iomem, phys, size, IORESOURCE_SYSTEM_RAM,
					       IORES_DESC_NONE) == REGION_INTERSECTS
				  ? MEMREMAP_WB
				  : MEMREMAP_DEV;
		for (i = 0; i < MR__ARRAY_SIZE(mr__doctor_types); i++)
			mr__doctor_plan(m, phys, size, mr__doctor_types[i],
					mr__doctor_types[i] == verdict, &d);
	}
	mr__api_release(m);
	errno = saved;
	return d.worst;
}
