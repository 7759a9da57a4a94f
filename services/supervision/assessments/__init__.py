"""Yearly assessments (考核) and third-party evaluations of 两不愁三保障 (第三方评估), §27."""
