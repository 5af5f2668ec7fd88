// SPDX-License-Identifier: GPL-2.0
/*
 * sp_status_parse() refuses malformed status lines with -EINVAL and a
 * sentence: one bad form per case, and every tiered line cut short or
 * with a malformed field.
 */
#include "tap.h"
#include "status.h"

#define E_MODE		"Status line has no mode word"
#define E_FEW		"Status line has too few counters"
#define E_NAN		"Status line has a counter that is not a number"
#define E_TIERED	"Tiered status line is cut short or malformed"

/* A valid two-tier line: ten counters, then the tiered fields. */
#define C10		"1 2 3 4 5 6 7 8 9 10"
#define TIERED_OK	"tiered " C10 " 2 5/10 0/20 1 0 7 2 3 0 0 ok"

static const struct {
	const char *line;
	const char *error;
} bad[] = {
	{ "", E_MODE },
	{ "   ", E_MODE },
	{ "passthrough", E_FEW },
	{ "passthrough 1 2 3 4 5 6 7 8 9", E_FEW },
	{ "passthrough 1 2 3 4 5 6 7 8 9 x", E_NAN },
	{ "passthrough -1 2 3 4 5 6 7 8 9 10", E_NAN },
	{ "passthrough 1 2 3 4 5 6 7 8 9 1.5", E_NAN },
	{ "passthrough 18446744073709551616 2 3 4 5 6 7 8 9 10", E_NAN },
	{ "1 2 3 4 5 6 7 8 9 10", E_FEW },
	{ "tiered 1 2 3 4 5 6 7 8 9", E_FEW },
	{ "tiered " C10, E_TIERED },
	{ "tiered " C10 " 0 1 0 7 2 3 ok", E_TIERED },
	{ "tiered " C10 " 5 1/1 1/1 1/1 1/1 1/1 1 0 7 2 3 0 0 0 0 0 ok", E_TIERED },
	{ "tiered " C10 " x 5/10 0/20 1 0 7 2 3 0 0 ok", E_TIERED },
	{ "tiered " C10 " 2 5/10", E_TIERED },
	{ "tiered " C10 " 2 5/10 1 0 7 2 3 0 0 ok", E_TIERED },
	{ "tiered " C10 " 2 5 0/20 1 0 7 2 3 0 0 ok", E_TIERED },
	{ "tiered " C10 " 2 5/ 0/20 1 0 7 2 3 0 0 ok", E_TIERED },
	{ "tiered " C10 " 2 /10 0/20 1 0 7 2 3 0 0 ok", E_TIERED },
	{ "tiered " C10 " 2 5/10/1 0/20 1 0 7 2 3 0 0 ok", E_TIERED },
	{ "tiered " C10 " 2 5/x 0/20 1 0 7 2 3 0 0 ok", E_TIERED },
	{ "tiered " C10 " 2 5/10 0/20 1 0 7 2", E_TIERED },
	{ "tiered " C10 " 2 5/10 0/20 1 0 x 2 3 0 0 ok", E_TIERED },
	{ "tiered " C10 " 2 5/10 0/20 1 0 7 2 3 0", E_TIERED },
	{ "tiered " C10 " 2 5/10 0/20 1 0 7 2 3 0 -1 ok", E_TIERED },
	{ "tiered " C10 " 2 5/10 0/20 1 0 7 2 3 0 0", E_TIERED },
	{ "tiered " C10 " 2 5/10 0/20 1 0 7 2 3 0 0 averyveryverylongstate", E_TIERED },
	{ "tiered " C10 " 2 18446744073709551616/10 0/20 1 0 7 2 3 0 0 ok", E_TIERED },
};

int main(void)
{
	struct sp_status st;
	const char *err;
	char line[256];
	unsigned int i;
	size_t n;
	bool all;
	int ret;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		err = NULL;
		ret = sp_status_parse(bad[i].line, &st, &err);
		if (!tap_ok(ret == -EINVAL && err && !strcmp(err, bad[i].error),
			    "\"%s\" is refused: %s", bad[i].line, bad[i].error))
			tap_diag("got %d, \"%s\"", ret, err ? err : "(none)");
	}

	/* The valid line, cut after every character but its last word's. */
	err = NULL;
	ret = sp_status_parse(TIERED_OK, &st, &err);
	tap_ok(ret == 0 && err == NULL, "the uncut tiered line is accepted");
	all = true;
	for (n = strlen("tiered " C10); n < strlen(TIERED_OK) - 1; n++) {
		snprintf(line, sizeof(line), "%.*s", (int)n, TIERED_OK);
		err = NULL;
		ret = sp_status_parse(line, &st, &err);
		if (ret != -EINVAL || !err || strcmp(err, E_TIERED)) {
			tap_diag("\"%s\": got %d", line, ret);
			all = false;
		}
	}
	tap_ok(all, "the tiered line cut short anywhere before its state is refused: %s",
	       E_TIERED);
	return tap_done();
}
