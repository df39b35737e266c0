// SPDX-License-Identifier: MIT
/*
 * The resource tree, after kernel/resource.c: claiming, inserting and
 * releasing ranges, and the queries memremap() needs.
 *
 * The kernel walks sibling lists, so each query is linear in the number of
 * resources at a level. A machine replayed from a large /proc/iomem (or a
 * CXL host with thousands of memory blocks) would pay that on every
 * memremap(). Here a parent with many children also keeps a sorted array of
 * them (struct mr__rpriv, hung off ->mr_priv) and lookups binary-search it.
 * Children are sorted and disjoint, so their starts and their ends both
 * increase along the list. Every change to a child list goes through
 * kids_splice(), which keeps the array in step.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "mr_resource.h"

_Thread_local unsigned long mr__resource_visits MR__TLS_IE;

/* A parent gets an index at this many children and loses it below half. */
#define MR__INDEX_MIN 8

struct mr__rpriv {
	struct resource *owner; /* a struct copy that kept ->mr_priv is not the owner */
	struct resource **kids; /* every child in address order, or NULL */
	size_t n, cap;
	unsigned int levels; /* a parsed root: the depth its text capped at */
	bool node;	     /* part of an mr__node: the struct and name are ours */
};

struct mr__node {
	struct resource res;
	struct mr__rpriv priv;
	char name[];
};

/* request_muxed_region() sleeps until the holder releases. */
static pthread_mutex_t mr__muxed_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t mr__muxed_cond = PTHREAD_COND_INITIALIZER;
static unsigned long mr__muxed_gen;

static struct mr__rpriv *rpriv(const struct resource *r)
{
	struct mr__rpriv *rp = r->mr_priv;

	return rp && rp->owner == r ? rp : NULL;
}

static struct resource **kids(const struct resource *r, size_t *n)
{
	struct mr__rpriv *rp = rpriv(r);

	if (!rp || !rp->kids)
		return NULL;
	*n = rp->n;
	return rp->kids;
}

static bool is_node(const struct resource *r)
{
	struct mr__rpriv *rp = rpriv(r);

	return rp && rp->node;
}

static bool is_type_match(const struct resource *p, unsigned long flags, unsigned long desc)
{
	return (p->flags & flags) == flags && (desc == IORES_DESC_NONE || desc == p->desc);
}

static resource_size_t max_addr(resource_size_t a, resource_size_t b)
{
	return a > b ? a : b;
}

static resource_size_t min_addr(resource_size_t a, resource_size_t b)
{
	return a < b ? a : b;
}

/* "[mem 0x...-0x...]", as the kernel's %pR prints it. */
static const char *res_str(char *buf, size_t len, const struct resource *r)
{
	const char *type = resource_type(r) == IORESOURCE_IO ? "io " : "mem";

	snprintf(buf, len, "[%s 0x%08llx-0x%08llx]", type, (unsigned long long)r->start,
		 (unsigned long long)r->end);
	return buf;
}

/*
 * The resource's name as a message quotes it: escaped (a name from a
 * hostile /proc/iomem must not drive the reader's terminal), in one of a
 * few per-thread buffers so that a message may quote two names.
 */
static const char *res_name(const struct resource *r)
{
	static _Thread_local char names[4][192];
	static _Thread_local unsigned int next;
	char *buf = names[next++ % MR__ARRAY_SIZE(names)];

	return r->name ? mr__escape(buf, sizeof(names[0]), r->name) : "<BAD>";
}

/* ------------------------------------------------------- the child index */

/*
 * The first child of @parent that ends at or after @addr, and the one
 * before it in *@prevp: where a resource starting at @addr would go.
 */
static struct resource *first_from(const struct resource *parent, resource_size_t addr,
				   struct resource **prevp)
{
	struct resource **v, *p, *prev = NULL;
	size_t n, lo = 0, hi;

	v = kids(parent, &n);
	if (v) {
		hi = n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			mr__resource_visits++;
			if (v[mid]->end < addr)
				lo = mid + 1;
			else
				hi = mid;
		}
		prev = lo ? v[lo - 1] : NULL;
		p = lo < n ? v[lo] : NULL;
	} else {
		for (p = parent->child; p && p->end < addr; p = p->sibling) {
			mr__resource_visits++;
			prev = p;
		}
	}
	if (prevp)
		*prevp = prev;
	return p;
}

/* Where @child is in the index (starts are distinct among siblings). */
static size_t index_pos(const struct mr__rpriv *rp, const struct resource *child)
{
	size_t lo = 0, hi = rp->n;

	if (hi && rp->kids[hi - 1] == child)
		return hi - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rp->kids[mid]->start < child->start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void index_drop(struct resource *parent)
{
	struct mr__rpriv *rp = rpriv(parent);

	if (!rp)
		return;
	mr__free(rp->kids);
	rp->kids = NULL;
	rp->n = rp->cap = 0;
	if (!rp->node) {
		mr__free(rp);
		parent->mr_priv = NULL;
	}
}

static bool index_reserve(struct mr__rpriv *rp, size_t n)
{
	struct resource **v;
	size_t cap;

	if (n <= rp->cap)
		return true;
	cap = rp->cap ? rp->cap : 16;
	while (cap < n)
		cap *= 2;
	v = mr__realloc(rp->kids, cap * sizeof(*v));
	if (!v)
		return false;
	rp->kids = v;
	rp->cap = cap;
	return true;
}

/*
 * Index @parent's children once there are enough of them. Without memory
 * the parent simply stays unindexed: lookups walk the list, still correct.
 */
static void index_build(struct resource *parent)
{
	struct mr__rpriv *rp = rpriv(parent);
	struct resource *p;
	size_t n = 0;

	if (rp && rp->kids)
		return;
	for (p = parent->child; p; p = p->sibling)
		n++;
	if (n < MR__INDEX_MIN)
		return;
	if (!rp) {
		rp = mr__calloc(1, sizeof(*rp));
		if (!rp)
			return;
		rp->owner = parent;
		parent->mr_priv = rp;
	}
	if (!index_reserve(rp, n)) {
		index_drop(parent);
		return;
	}
	for (p = parent->child; p; p = p->sibling)
		rp->kids[rp->n++] = p;
}

static void index_splice(struct resource *parent, struct resource *prev, size_t n_old,
			 struct resource *first, size_t n_new)
{
	struct mr__rpriv *rp = rpriv(parent);
	struct resource *p;
	size_t pos, n, i;

	if (!rp || !rp->kids) {
		index_build(parent);
		return;
	}
	pos = prev ? index_pos(rp, prev) + 1 : 0;
	n = rp->n - n_old + n_new;
	if (!index_reserve(rp, n)) {
		index_drop(parent);
		return;
	}
	memmove(rp->kids + pos + n_new, rp->kids + pos + n_old,
		(rp->n - pos - n_old) * sizeof(*rp->kids));
	for (i = 0, p = first; i < n_new; i++, p = p->sibling)
		rp->kids[pos + i] = p;
	rp->n = n;
	if (n < MR__INDEX_MIN / 2)
		index_drop(parent);
}

/*
 * Replace the @n_old children of @parent that follow @prev (the first ones
 * when @prev is NULL) by the chain @first..@last of @n_new resources linked
 * through ->sibling. The old ones come out as a NULL-terminated chain.
 */
static void kids_splice(struct resource *parent, struct resource *prev, size_t n_old,
			struct resource *first, struct resource *last, size_t n_new)
{
	struct resource **link = prev ? &prev->sibling : &parent->child;
	struct resource *after = *link, *p = NULL;
	size_t i;

	for (i = 0; i < n_old; i++) {
		p = after;
		after = after->sibling;
	}
	if (p)
		p->sibling = NULL;
	if (n_new) {
		last->sibling = after;
		*link = first;
		for (p = first; p != after; p = p->sibling)
			p->parent = parent;
	} else {
		*link = after;
	}
	index_splice(parent, prev, n_old, first, n_new);
}

/* The child before @child in @parent's list; false when @child is not there. */
static bool find_prev(struct resource *parent, struct resource *child, struct resource **prevp)
{
	struct mr__rpriv *rp = rpriv(parent);
	struct resource *p, *prev = NULL;
	size_t pos;

	if (rp && rp->kids) {
		pos = index_pos(rp, child);
		if (pos >= rp->n || rp->kids[pos] != child)
			return false;
		*prevp = pos ? rp->kids[pos - 1] : NULL;
		return true;
	}
	for (p = parent->child; p; prev = p, p = p->sibling) {
		if (p == child) {
			*prevp = prev;
			return true;
		}
	}
	return false;
}

static struct resource *last_child(const struct resource *parent)
{
	struct resource **v, *p;
	size_t n;

	v = kids(parent, &n);
	if (v)
		return v[n - 1];
	for (p = parent->child; p && p->sibling; p = p->sibling)
		;
	return p;
}

/* ------------------------------------------------------------ allocation */

struct resource *mr__resource_new(const char *name, size_t len, resource_size_t start,
				  resource_size_t end, unsigned long flags, unsigned long desc)
{
	struct mr__node *nd = mr__malloc(sizeof(*nd) + (name ? len + 1 : 0));

	if (!nd)
		return NULL;
	memset(nd, 0, sizeof(*nd));
	if (name) {
		memcpy(nd->name, name, len);
		nd->name[len] = '\0';
		nd->res.name = nd->name;
	}
	nd->res.start = start;
	nd->res.end = end;
	nd->res.flags = flags;
	nd->res.desc = desc;
	nd->res.mr_priv = &nd->priv;
	nd->priv.owner = &nd->res;
	nd->priv.node = true;
	return &nd->res;
}

/* Free @r alone: the library's own, or forget a caller's resource. */
static void release_one(struct resource *r)
{
	index_drop(r);
	if (is_node(r)) {
		mr__free((struct mr__node *)r);
		return;
	}
	r->parent = r->sibling = r->child = NULL;
}

/* Free a detached subtree without recursion: its depth is unbounded. */
static void free_subtree(struct resource *r)
{
	struct resource *list = r, *p, *last;

	r->sibling = NULL;
	while (list) {
		p = list;
		if (p->child) {
			last = last_child(p);
			last->sibling = p->sibling;
			p->sibling = p->child;
			p->child = NULL;
		}
		list = p->sibling;
		release_one(p);
	}
}

void mr__resource_link(struct resource *parent, struct resource *prev, struct resource *new)
{
	kids_splice(parent, prev, 0, new, new, 1);
}

unsigned int mr__resource_levels(const struct resource *root)
{
	struct mr__rpriv *rp = rpriv(root);

	return rp && rp->levels ? rp->levels : MR__IORES_LEVELS;
}

void mr__resource_set_levels(struct resource *root, unsigned int levels)
{
	struct mr__rpriv *rp = rpriv(root);

	if (rp && rp->node)
		rp->levels = levels;
}

bool mr__resource_indexed(const struct resource *parent)
{
	size_t n;

	return kids(parent, &n) != NULL;
}

/* ------------------------------------------------------ changing the tree */

/* Where @new would go under @root: NULL (and *@prevp), or the resource in the way. */
static struct resource *request_conflict(struct resource *root, const struct resource *new,
					 struct resource **prevp)
{
	struct resource *tmp;

	if (new->end < new->start || new->start < root->start || new->end > root->end)
		return root;
	tmp = first_from(root, new->start, prevp);
	if (tmp && tmp->start <= new->end)
		return tmp;
	return NULL;
}

/* The kernel's __request_resource(): NULL, or the resource in the way. */
static struct resource *request_locked(struct resource *root, struct resource *new)
{
	struct resource *prev, *conflict = request_conflict(root, new, &prev);

	if (!conflict)
		kids_splice(root, prev, 0, new, new, 1);
	return conflict;
}

/* Set errno and the message for a request that @conflict refused. */
static void conflict_err(const char *what, struct resource *new, struct resource *conflict)
{
	char a[64], b[64];

	if (conflict == new)
		mr__err(EBUSY, "%s: %s '%s' is already in the tree", what,
			res_str(a, sizeof(a), new), res_name(new));
	else
		mr__err(EBUSY, "%s: %s conflicts with '%s' %s", what, res_str(a, sizeof(a), new),
			res_name(conflict), res_str(b, sizeof(b), conflict));
}

/* 0, -EINVAL for a malformed @new, -EBUSY when it is linked already. */
static int check_new(const char *what, struct resource *root, struct resource *new)
{
	char a[64];

	if (!root || !new)
		return mr__err(EINVAL, "%s: no %s", what, root ? "resource" : "parent");
	if (new->start > new->end)
		return mr__err(EINVAL, "%s: %s '%s' starts after its end", what,
			       res_str(a, sizeof(a), new), res_name(new));
	/* Linking it twice would corrupt both places. */
	if (new->parent)
		return mr__err(EBUSY, "%s: %s '%s' is already in a resource tree", what,
			       res_str(a, sizeof(a), new), res_name(new));
	return 0;
}

/* What the _conflict forms return when check_new() refused. */
static struct resource *check_conflict(int ret, struct resource *root, struct resource *new)
{
	return ret == -EBUSY ? new : root;
}

typedef struct resource *(*add_fn)(struct resource *parent, struct resource *new);

/*
 * Check, then add under the lock: the conflict, or NULL once @new is in.
 * @err gets what the int forms return: the check's error, or -EBUSY.
 */
static struct resource *add_checked(const char *what, add_fn add, struct resource *root,
				    struct resource *new, int *err)
{
	struct resource *conflict;

	*err = check_new(what, root, new);
	if (*err)
		return check_conflict(*err, root, new);
	mr__write_lock();
	conflict = add(root, new);
	if (conflict)
		conflict_err(what, new, conflict);
	mr__write_unlock();
	*err = conflict ? -EBUSY : 0;
	return conflict;
}

struct resource *request_resource_conflict(struct resource *root, struct resource *new)
{
	int err;

	return add_checked("request_resource", request_locked, root, new, &err);
}

int request_resource(struct resource *root, struct resource *new)
{
	int err;

	add_checked("request_resource", request_locked, root, new, &err);
	return err;
}

/* The kernel's __insert_resource(): descend while a child holds @new. */
static struct resource *insert_locked(struct resource *parent, struct resource *new)
{
	struct resource *first, *next, *prev = NULL, *p;
	size_t n = 1;

	for (;; parent = first) {
		first = request_locked(parent, new);
		if (!first || first == parent || first == new)
			return first;
		if (first->start > new->start || first->end < new->end)
			break;
		if (first->start == new->start && first->end == new->end)
			break;
	}
	/* @new adopts every child it overlaps, which must all lie inside it. */
	for (next = first;; next = next->sibling, n++) {
		if (next->start < new->start || next->end > new->end)
			return next;
		if (!next->sibling || next->sibling->start > new->end)
			break;
	}
	find_prev(parent, first, &prev);
	index_drop(new);
	kids_splice(parent, prev, n, new, new, 1);
	new->child = first;
	for (p = first; p; p = p->sibling)
		p->parent = new;
	index_build(new);
	return NULL;
}

struct resource *insert_resource_conflict(struct resource *parent, struct resource *new)
{
	int err;

	return add_checked("insert_resource", insert_locked, parent, new, &err);
}

int insert_resource(struct resource *parent, struct resource *new)
{
	int err;

	add_checked("insert_resource", insert_locked, parent, new, &err);
	return err;
}

/* Unlink @old; its children go with it, or move up into its place. */
static int release_locked(struct resource *old, bool with_children)
{
	struct resource *parent = old->parent, *prev, *first, *last, *p;
	size_t n = 0;

	if (!parent || !find_prev(parent, old, &prev))
		return mr__err(EINVAL, "'%s' is not in a resource tree", res_name(old));
	if (with_children || !old->child) {
		kids_splice(parent, prev, 1, NULL, NULL, 0);
	} else {
		first = old->child;
		last = last_child(old);
		for (p = first; p; p = p->sibling)
			n++;
		old->child = NULL;
		index_drop(old);
		kids_splice(parent, prev, 1, first, last, n);
	}
	old->parent = NULL;
	return 0;
}

static int release_common(struct resource *old, bool with_children)
{
	int ret;

	if (!old)
		return mr__err(EINVAL, "release_resource: no resource");
	mr__write_lock();
	ret = release_locked(old, with_children);
	mr__write_unlock();
	return ret;
}

int release_resource(struct resource *old)
{
	return release_common(old, true);
}

int remove_resource(struct resource *old)
{
	return release_common(old, false);
}

/* ---------------------------------------------------------- busy regions */

/* Sleep, without the lock, until some muxed region is released. */
static void muxed_wait(void)
{
	unsigned long gen;

	pthread_mutex_lock(&mr__muxed_lock);
	gen = mr__muxed_gen;
	mr__write_unlock();
	while (gen == mr__muxed_gen)
		pthread_cond_wait(&mr__muxed_cond, &mr__muxed_lock);
	pthread_mutex_unlock(&mr__muxed_lock);
	mr__write_lock();
}

static void muxed_wake(void)
{
	pthread_mutex_lock(&mr__muxed_lock);
	mr__muxed_gen++;
	pthread_cond_broadcast(&mr__muxed_cond);
	pthread_mutex_unlock(&mr__muxed_lock);
}

/*
 * The kernel's __request_region_locked(): the region goes inside the
 * deepest resource that holds it and is not busy, taking its type. With
 * @claim false nothing changes: the walk only says whether it would fit.
 */
static int request_region_locked(struct resource *res, struct resource *top, int flags, bool claim)
{
	struct resource *parent = top, *conflict, *prev;
	char a[64], b[64];

	for (;;) {
		res->flags = resource_type(parent) | (parent->flags & IORESOURCE_EXT_TYPE_BITS);
		res->flags |= IORESOURCE_BUSY | (unsigned int)flags;
		res->desc = parent->desc;
		conflict = request_conflict(parent, res, &prev);
		if (!conflict) {
			if (claim)
				kids_splice(parent, prev, 0, res, res, 1);
			return 0;
		}
		if (conflict != parent && !(conflict->flags & IORESOURCE_BUSY)) {
			parent = conflict;
			continue;
		}
		if (conflict->flags & (unsigned int)flags & IORESOURCE_MUXED) {
			/* Only a real claim waits; asked about, it would get in after the wait. */
			if (!claim)
				return 0;
			/* The tree may have changed while we slept: start over. */
			muxed_wait();
			parent = top;
			continue;
		}
		res_str(a, sizeof(a), res);
		res_str(b, sizeof(b), conflict);
		if (conflict == parent)
			return mr__err(EBUSY, "%s is not inside '%s' %s", a, res_name(conflict), b);
		return mr__err(EBUSY, "%s conflicts with busy '%s' %s", a, res_name(conflict), b);
	}
}

static int region_args(struct resource *parent, resource_size_t start, resource_size_t n)
{
	if (!parent)
		return mr__err(EINVAL, "__request_region: no parent");
	if (!n || start + n - 1 < start)
		return mr__err(EINVAL, "__request_region: bad range 0x%llx + 0x%llx",
			       (unsigned long long)start, (unsigned long long)n);
	return 0;
}

int mr__region_claimable(struct resource *parent, resource_size_t start, resource_size_t n,
			 int flags)
{
	struct resource res = {0};
	int ret = region_args(parent, start, n);

	if (ret)
		return ret;
	res.start = start;
	res.end = start + n - 1;
	mr__read_lock();
	ret = request_region_locked(&res, parent, flags, false);
	mr__read_unlock();
	return ret;
}

struct resource *__request_region(struct resource *parent, resource_size_t start, resource_size_t n,
				  const char *name, int flags)
{
	struct resource *res;
	int ret, err;

	if (region_args(parent, start, n))
		return NULL;
	res = mr__resource_new(name, name ? strlen(name) : 0, start, start + n - 1, 0, 0);
	if (!res) {
		mr__err(ENOMEM, "__request_region: out of memory");
		return NULL;
	}
	mr__write_lock();
	ret = request_region_locked(res, parent, flags, true);
	mr__write_unlock();
	if (ret) {
		err = errno;
		release_one(res);
		errno = err;
		return NULL;
	}
	return res;
}

/*
 * The kernel's __release_region(): down through non-busy resources to the
 * busy one of exactly this range. Only one child of each level can hold
 * @start, so the search is one lookup per level.
 */
void __release_region(struct resource *parent, resource_size_t start, resource_size_t n)
{
	resource_size_t end = start + n - 1;
	struct resource *p = parent, *res, *prev;

	if (!parent)
		return;
	mr__write_lock();
	for (;;) {
		res = first_from(p, start, &prev);
		if (!res || res->start > start || res->end < end)
			break;
		if (!(res->flags & IORESOURCE_BUSY)) {
			p = res;
			continue;
		}
		if (res->start != start || res->end != end)
			break;
		kids_splice(p, prev, 1, NULL, NULL, 0);
		res->parent = NULL;
		mr__write_unlock();
		if (res->flags & IORESOURCE_MUXED)
			muxed_wake();
		free_subtree(res);
		return;
	}
	mr__write_unlock();
	mr__log(MR_LOG_WARNING, "Trying to free nonexistent resource <0x%016llx-0x%016llx>",
		(unsigned long long)start, (unsigned long long)end);
}

void mr_iomem_free(struct resource *root)
{
	struct resource *prev;

	if (!root)
		return;
	/* A tree of its own (a parsed one) is nobody else's: no lock to take. */
	if (root->parent) {
		mr__write_lock();
		if (find_prev(root->parent, root, &prev))
			kids_splice(root->parent, prev, 1, NULL, NULL, 0);
		root->parent = NULL;
		mr__write_unlock();
	}
	free_subtree(root);
}

/* --------------------------------------------------------------- queries */

struct resource *mr__resource_holding(struct resource *root, resource_size_t start,
				      resource_size_t end)
{
	struct resource *p = root, *c;

	if (!root || start > end || start < root->start || end > root->end)
		return NULL;
	for (;;) {
		c = first_from(p, start, NULL);
		if (!c || c->start > start || c->end < end)
			return p;
		p = c;
	}
}

/* A list of resources for a message: three named, then "...". */
struct describe {
	char *buf;
	size_t len, used;
	int n;
};

static void describe_add(struct describe *d, const struct resource *p)
{
	char range[64];
	int w;

	if (d->n > 3)
		return;
	w = d->n == 3 ? snprintf(d->buf + d->used, d->len - d->used, ", ...")
		      : snprintf(d->buf + d->used, d->len - d->used, "%s'%s' %s", d->n ? ", " : "",
				 res_name(p), res_str(range, sizeof(range), p));
	d->n++;
	if (w < 0 || (size_t)w >= d->len - d->used)
		d->n = 4; /* full: what fitted stays, cut */
	else
		d->used += (size_t)w;
}

void mr__resource_describe(struct resource *root, resource_size_t start, resource_size_t end,
			   char *buf, size_t len)
{
	struct describe d = {buf, len, 0, 0};
	struct resource *p;

	buf[0] = '\0';
	mr__read_lock();
	for (p = first_from(root, start, NULL); p && p->start <= end; p = p->sibling)
		describe_add(&d, p);
	mr__read_unlock();
	if (!d.n)
		snprintf(buf, len, "no resource, a hole");
}

static bool is_system_ram(const struct resource *p)
{
	return (p->flags & IORESOURCE_SYSTEM_RAM) == IORESOURCE_SYSTEM_RAM;
}

/* Add the deepest System RAM resources under @parent that overlap [start, end]. */
static int describe_deepest_ram(struct describe *d, const struct resource *parent,
				resource_size_t start, resource_size_t end, unsigned int depth)
{
	struct resource *p;
	int found = 0, below;

	if (depth > MR_IOMEM_MAX_DEPTH)
		return 0;
	for (p = first_from(parent, start, NULL); p && p->start <= end; p = p->sibling) {
		below = p->child ? describe_deepest_ram(d, p, start, end, depth + 1) : 0;
		if (!below && is_system_ram(p)) {
			describe_add(d, p);
			below = 1;
		}
		found += below;
	}
	return found;
}

void mr__resource_describe_ram(struct resource *root, resource_size_t start, resource_size_t end,
			       char *buf, size_t len)
{
	struct describe d = {buf, len, 0, 0};
	struct resource *p;

	buf[0] = '\0';
	mr__read_lock();
	for (p = first_from(root, start, NULL); p && p->start <= end; p = p->sibling) {
		if (is_system_ram(p))
			describe_add(&d, p);
		else if (p->child)
			describe_deepest_ram(&d, p, start, end, 1);
	}
	mr__read_unlock();
	if (!d.n)
		mr__resource_describe(root, start, end, buf, len);
}

/*
 * Do the descendants of @top that match cover [@o_start, @o_end]? The
 * kernel's preorder walk over them, seeing only those that overlap what is
 * not yet covered: the others cannot change the answer.
 */
static bool covered(struct resource *top, resource_size_t o_start, resource_size_t o_end,
		    unsigned long flags, unsigned long desc, bool *type)
{
	struct resource *parent = top, *p = first_from(top, o_start, NULL);

	for (;;) {
		if (p && p->start <= o_end) {
			mr__resource_visits++;
			if (!is_type_match(p, flags, desc)) {
				if (p->child) {
					parent = p;
					p = first_from(p, o_start, NULL);
				} else {
					p = p->sibling;
				}
				continue;
			}
			*type = true;
			if (p->start > o_start)
				return false;
			if (p->end >= o_end)
				return true;
			o_start = p->end + 1;
			p = p->sibling;
			continue;
		}
		if (parent == top)
			return false;
		p = parent->sibling;
		parent = parent->parent;
	}
}

int mr__region_intersects(struct resource *root, resource_size_t start, size_t size,
			  unsigned long flags, unsigned long desc)
{
	/* As the kernel: a size of 0 is the range [start, start - 1]. */
	resource_size_t end = start + (resource_size_t)size - 1;
	bool type = false, other = false;
	struct resource *p;

	if (!root)
		return REGION_DISJOINT;
	for (p = first_from(root, start, NULL); p && p->start <= end; p = p->sibling) {
		mr__resource_visits++;
		if (is_type_match(p, flags, desc))
			type = true;
		else if (!covered(p, max_addr(p->start, start), min_addr(p->end, end), flags, desc,
				  &type))
			other = true;
		if (type && other)
			return REGION_MIXED;
	}
	return type ? REGION_INTERSECTS : REGION_DISJOINT;
}

int mr_region_intersects(struct resource *root, resource_size_t start, size_t size,
			 unsigned long flags, unsigned long desc)
{
	int ret;

	if (!root) {
		mr__err(EINVAL, "region_intersects: no resource tree");
		return REGION_DISJOINT;
	}
	mr__read_lock();
	ret = mr__region_intersects(root, start, size, flags, desc);
	mr__read_unlock();
	return ret;
}

typedef bool (*res_match)(const struct resource *p, const void *key);

/*
 * The kernel's find_next_iomem_res(): the first resource in preorder that
 * overlaps [start, end] and matches, descending into those that do not.
 */
static struct resource *find_next(struct resource *root, resource_size_t start, resource_size_t end,
				  res_match match, const void *key)
{
	struct resource *parent = root, *p = first_from(root, start, NULL);

	for (;;) {
		if (p && p->start <= end) {
			mr__resource_visits++;
			if (match(p, key))
				return p;
			if (p->child) {
				parent = p;
				p = first_from(p, start, NULL);
			} else {
				p = p->sibling;
			}
			continue;
		}
		if (parent == root)
			return NULL;
		p = parent->sibling;
		parent = parent->parent;
	}
}

struct type_key {
	unsigned long flags, desc;
};

static bool match_type(const struct resource *p, const void *key)
{
	const struct type_key *k = key;

	return is_type_match(p, k->flags, k->desc);
}

int mr_walk_iomem_res_desc(struct resource *root, unsigned long desc, unsigned long flags,
			   resource_size_t start, resource_size_t end, void *arg,
			   int (*func)(struct resource *, void *))
{
	const struct type_key key = {flags, desc};
	struct resource res = {0}, *p;
	int ret = -EINVAL;

	if (!root || !func)
		return mr__err(EINVAL, "walk_iomem_res_desc: no %s", root ? "callback" : "tree");
	/* As the kernel's loop: start == end finds nothing. */
	while (start < end) {
		mr__read_lock();
		p = find_next(root, start, end, match_type, &key);
		if (p) {
			res = (struct resource){
				.start = max_addr(start, p->start),
				.end = min_addr(end, p->end),
				.flags = p->flags,
				.desc = p->desc,
				.parent = p->parent,
			};
		}
		mr__read_unlock();
		if (!p)
			break;
		/* @func runs unlocked, as in the kernel: it may change the tree. */
		ret = func(&res, arg);
		if (ret || res.end >= end)
			break;
		start = res.end + 1;
	}
	return ret;
}

/*
 * The kernel's resource_is_exclusive(), with strict_iomem_checks and
 * IO_STRICT_DEVMEM both @strict: System RAM marked exclusive always keeps
 * user space off; with @strict, so does every busy resource. @skip_ram
 * leaves busy System RAM to the caller, as devmem_is_allowed() tests RAM
 * before it asks.
 */
struct excl_key {
	bool strict, skip_ram;
};

static bool match_exclusive(const struct resource *p, const void *key)
{
	const unsigned long excl_ram = IORESOURCE_SYSTEM_RAM | IORESOURCE_EXCLUSIVE;
	const struct excl_key *k = key;

	if ((p->flags & excl_ram) == excl_ram)
		return true;
	if (!k->strict || !(p->flags & IORESOURCE_BUSY))
		return false;
	return !k->skip_ram || (p->flags & IORESOURCE_SYSRAM) != IORESOURCE_SYSRAM;
}

/* Unlike the kernel's, the last page of the address space does not wrap to an empty range. */
bool mr_iomem_is_exclusive(struct resource *root, uint64_t addr, bool strict)
{
	resource_size_t start = addr & MR__PAGE_MASK, end = start + MR_PAGE_SIZE - 1;
	const struct excl_key key = {strict, false};
	bool ret;

	if (!root)
		return false;
	mr__read_lock();
	ret = find_next(root, start, end, match_exclusive, &key) != NULL;
	mr__read_unlock();
	return ret;
}

bool mr__resource_exclusive_in(struct resource *root, resource_size_t first, resource_size_t last,
			       bool strict, char *who, size_t len)
{
	const struct excl_key key = {strict, true};
	struct resource *res;
	char range[64];

	res = find_next(root, first, last, match_exclusive, &key);
	if (res && who && len)
		snprintf(who, len, "'%s' %s", res_name(res), res_str(range, sizeof(range), res));
	return res != NULL;
}

/* ------------------------------------------------------------ self check */

static int check_kids(struct resource *parent)
{
	struct resource **v, *p, *prev = NULL;
	char a[64], b[64];
	size_t n = 0, i = 0;

	v = kids(parent, &n);
	for (p = parent->child; p; prev = p, p = p->sibling, i++) {
		if (p->parent != parent || p->start > p->end || p->start < parent->start ||
		    p->end > parent->end)
			return mr__err(EINVAL, "'%s' %s is misplaced under '%s' %s", res_name(p),
				       res_str(a, sizeof(a), p), res_name(parent),
				       res_str(b, sizeof(b), parent));
		if (prev && prev->end >= p->start)
			return mr__err(EINVAL, "'%s' %s is out of order after '%s' %s", res_name(p),
				       res_str(a, sizeof(a), p), res_name(prev),
				       res_str(b, sizeof(b), prev));
		if (v && (i >= n || v[i] != p))
			return mr__err(EINVAL, "the index of '%s' is stale at %zu",
				       res_name(parent), i);
	}
	if (v && i != n)
		return mr__err(EINVAL, "the index of '%s' holds %zu, the list %zu",
			       res_name(parent), n, i);
	return 0;
}

int mr__resource_check(struct resource *root)
{
	struct resource *p = root;
	int ret;

	while (p) {
		ret = check_kids(p);
		if (ret)
			return ret;
		if (p->child) {
			p = p->child;
			continue;
		}
		while (p != root && !p->sibling)
			p = p->parent;
		p = p == root ? NULL : p->sibling;
	}
	return 0;
}
