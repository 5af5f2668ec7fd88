// SPDX-License-Identifier: GPL-2.0
/*
 * sp_status_parse() refuses malformed status lines with -EINVAL and a
 * sentence: one bad form per case.
 */
#include "tap.h"
#include "status.h"

#define E_MODE		"Status line has no mode word"
#define E_FEW		"Status line has too few counters"
#define E_NAN		"Status line has a counter that is not a number"

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
};

int main(void)
{
	struct sp_status st;
	const char *err;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		err = NULL;
		ret = sp_status_parse(bad[i].line, &st, &err);
		if (!tap_ok(ret == -EINVAL && err && !strcmp(err, bad[i].error),
			    "\"%s\" is refused: %s", bad[i].line, bad[i].error))
			tap_diag("got %d, \"%s\"", ret, err ? err : "(none)");
	}
	return tap_done();
}
