"""Demo texts written once for every year: `{year}` and `{next}` filled in from the load day."""


def fill(texts: dict[str, str], budget_year: int) -> dict[str, str]:
    """`texts` with `{year}` and `{next}` replaced by the budget year and the year after."""
    return {
        locale: text.format(year=budget_year, next=budget_year + 1)
        for locale, text in texts.items()
    }
