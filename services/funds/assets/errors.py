"""Typed errors of asset-income projects."""

from shared.errors import Problem


class NotAssetIncome(Problem):
    """Shares and distributions belong to asset-income projects only."""

    STATUS, CODE = 409, "not_asset_income"


class AlreadyDistributed(Problem):
    """The year's income of this project is distributed already."""

    STATUS, CODE = 409, "already_distributed"


class NoShareholders(Problem):
    """No registered household holds shares of the project, so nothing can be distributed."""

    STATUS, CODE = 409, "no_shareholders"
