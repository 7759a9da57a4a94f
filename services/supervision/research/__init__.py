"""Field research quotas of city and county leaders (§25): days, topical studies, yearly reports."""
