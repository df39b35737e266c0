// SPDX-License-Identifier: MIT
/* A stand-in optional library for test_optional. */
int mr_test_optional_answer(void);

int mr_test_optional_answer(void)
{
	return 42;
}
