"""An allocation says which figure counts toward its target, so one column's sum reconciles."""


def test_new_and_upgraded_shares_count_both_figures(tables):
    targets = tables["targets"]
    (target,) = targets[targets.qualifier == "新增(提升)"].itertuples()
    shares = tables["allocations"][tables["allocations"].target_id == target.target_id]
    assert shares.secondary_value.notna().any()
    assert shares.counted_value.sum() == target.value == 100
    assert (shares.counted_value == shares.value + shares.secondary_value.fillna(0)).all()


def test_every_count_target_of_both_matrices_is_the_sum_of_its_counted_values(tables):
    allocations = tables["allocations"]
    targets = tables["targets"].set_index("target_id")
    count_targets = targets[targets.kind == "count"]
    sums = allocations[allocations.target_id.isin(count_targets.index)].groupby("target_id").counted_value.sum()
    assert len(sums) > 30
    assert (sums == count_targets.loc[sums.index, "value"]).all()


def test_a_share_without_a_parenthesised_figure_counts_itself(tables):
    plain = tables["allocations"][tables["allocations"].secondary_value.isna()]
    assert (plain.counted_value == plain.value).all()
