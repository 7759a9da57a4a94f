"""Policy standards as data, explained rule evaluations and the policy what-if (plan §24)."""
