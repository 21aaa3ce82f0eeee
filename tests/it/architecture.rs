//! ARCHITECTURE.md's table "where each money rule lives" stays true: every function it names
//! is defined in the file it names.

use crate::common::root;

/// The table's rows: (rule, file, function path such as `Money::round_half_away`).
fn rules() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let table = text
        .split("## Where each money rule lives")
        .nth(1)
        .expect("ARCHITECTURE.md has the table");
    table
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let place = cells.get(2)?.strip_prefix('`')?.strip_suffix('`')?;
            let (file, function) = place.split_once("::")?;
            Some((cells[1].to_string(), file.to_string(), function.to_string()))
        })
        .collect()
}

#[test]
fn every_money_rule_is_where_the_table_says() {
    let rules = rules();
    assert!(rules.len() >= 40, "the table has {} rules", rules.len());
    for (rule, file, function) in rules {
        let source = std::fs::read_to_string(root().join(&file))
            .unwrap_or_else(|e| panic!("{rule}: {file}: {e}"));
        // `Type::method` is a method of `Type`: the type and the function must both be there.
        let mut names = function.split("::").collect::<Vec<_>>();
        let name = names.pop().unwrap();
        assert!(
            source.contains(&format!("fn {name}(")) || source.contains(&format!("fn {name}<")),
            "{rule}: no `fn {name}` in {file}"
        );
        for owner in names {
            assert!(
                source.contains(&format!("struct {owner}"))
                    || source.contains(&format!("enum {owner}"))
                    || source.contains(&format!("impl {owner}")),
                "{rule}: no type `{owner}` in {file}"
            );
        }
    }
}
