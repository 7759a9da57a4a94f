"""Officials of the five levels (省、市、县、乡镇、村), their posts and regions."""
