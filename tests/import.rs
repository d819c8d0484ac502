//! Import profiles: a Salesforce opportunity report and an HRIS export
//! read through their shipped profiles give exactly the inputs (and
//! statements) typed by hand; every value format; every error, word for
//! word.

use incentive::import::{Output, Profile, Roster};
use incentive::{Date, Inputs, Transaction};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::{plans, root};

fn profile(name: &str) -> Profile {
    Profile::load(root(&format!("plans/imports/{name}.toml"))).unwrap()
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(root(&format!("plans/samples/{name}"))).unwrap()
}

fn roster() -> Roster {
    profile("hris-roster")
        .read_roster(&sample("hris-roster.csv")[..], Some("hris-roster.csv"))
        .unwrap()
}

fn salesforce() -> Vec<Inputs> {
    profile("salesforce-opportunities")
        .read_inputs(
            &sample("salesforce-opportunities.csv")[..],
            Some("salesforce-opportunities.csv"),
            Some(&roster()),
        )
        .unwrap()
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// The Salesforce sample's won deals, added up by hand.
fn hand_made() -> Vec<Inputs> {
    let ae = |who: &str, period: &str, bookings: Decimal| {
        Inputs::new(who, "account-executive-marginal")
            .with_period(period)
            .actual("bookings", bookings)
            .target("commission", dec!(500000))
    };
    vec![
        // 315,000 + 212,000 + 100,000 - 25,000 + 48,000; the lost deal
        // and the open one are not counted.
        ae("alex", "2026-Q1", dec!(650000)),
        ae("alex", "2026-Q2", dec!(120000)),
        // 180,000 + 95,500.50 + 224,499.50.
        ae("jordan", "2026-Q1", dec!(500000)),
    ]
}

#[test]
fn the_salesforce_export_gives_the_hand_made_inputs() {
    assert_eq!(salesforce(), hand_made());
    // The sums are exact, to the cent the export wrote.
    assert_eq!(
        salesforce()[2].actuals()["bookings"].to_string(),
        "500000.00"
    );
}

#[test]
fn the_salesforce_export_gives_the_hand_made_statements() {
    let set = plans();
    let imported = set.evaluate_all(&salesforce()).unwrap();
    let typed = set.evaluate_all(&hand_made()).unwrap();
    assert_eq!(imported, typed);
    let totals: Vec<Decimal> = imported.iter().map(|s| s.total()).collect();
    assert_eq!(totals, vec![dec!(58000.00), dec!(9600.00), dec!(40000.00)]);
    let lines: Vec<(String, Decimal)> = imported
        .iter()
        .flat_map(|s| s.lines.iter().map(|l| (l.component.clone(), l.amount)))
        .collect();
    assert_eq!(
        lines,
        vec![
            ("commission".to_owned(), dec!(58000.00)),
            ("commission".to_owned(), dec!(9600.00)),
            ("commission".to_owned(), dec!(40000.00)),
        ]
    );
    // And the same as the shipped Q1 samples typed in TOML.
    let samples = Inputs::load_list(root("plans/samples/participants.toml")).unwrap();
    for (who, i) in [("alex", 0), ("jordan", 2)] {
        let typed = samples
            .iter()
            .find(|s| s.participant() == who && s.plan() == "account-executive-marginal")
            .unwrap();
        assert_eq!(
            set.evaluate(typed).unwrap().total(),
            imported[i].total(),
            "{who}"
        );
    }
}

#[test]
fn the_hris_export_gives_pay_terms() {
    let terms = profile("hris-roster")
        .read_inputs(
            &sample("hris-roster.csv")[..],
            Some("hris-roster.csv"),
            None,
        )
        .unwrap();
    let ae = |who: &str, name: &str, base: Decimal, ote: Decimal, quota: Decimal| {
        Inputs::new(who, "account-executive-marginal")
            .with_name(name)
            .with_base_salary(base)
            .with_ote(ote)
            .with_quota(quota)
    };
    let paid = |who: &str, name: &str, plan: &str, base: Decimal, percent: Decimal| {
        Inputs::new(who, plan)
            .with_name(name)
            .with_base_salary(base)
            .with_target_percent(percent)
    };
    let mix = "50/50".parse().unwrap();
    assert_eq!(
        terms,
        vec![
            ae(
                "alex",
                "Alex Morgan",
                dec!(160000),
                dec!(320000),
                dec!(2000000)
            )
            .with_mix(mix),
            ae(
                "jordan",
                "Jordan Lee",
                dec!(160000),
                dec!(320000),
                dec!(2000000)
            )
            .with_mix(mix),
            ae(
                "blake",
                "Blake Rivera",
                dec!(160000),
                dec!(320000),
                dec!(2000000)
            )
            .with_mix(mix),
            ae(
                "sol",
                "Sol Okafor",
                dec!(170000),
                dec!(330000),
                dec!(2400000)
            ),
            ae(
                "morgan",
                "Morgan Price",
                dec!(190000),
                dec!(350000),
                dec!(4000000)
            ),
            paid(
                "dana",
                "Dana Whitfield",
                "demand-generation",
                dec!(125000),
                dec!(0.16)
            ),
            paid(
                "rita",
                "Rita Alvarez",
                "demand-generation",
                dec!(125000),
                dec!(0.16)
            ),
            paid(
                "priya",
                "Priya Raman",
                "product-manager",
                dec!(150000),
                dec!(0.16)
            ),
            paid(
                "sam",
                "Sam Ortiz",
                "sales-enablement",
                dec!(100000),
                dec!(0.16)
            ),
            paid(
                "chen",
                "Chen Wei",
                "channel-marketing",
                dec!(120000),
                dec!(0.15)
            ),
            paid(
                "casey",
                "Casey Nguyen",
                "customer-marketing",
                dec!(100000),
                dec!(0.16)
            ),
        ]
    );
    // 16% of 125,000 is the plan's 20,000 a year, exactly.
    let dana = terms.iter().find(|i| i.participant() == "dana").unwrap();
    assert_eq!(
        dana.base_salary().unwrap() * dana.target_percent().unwrap(),
        dec!(20000)
    );
}

#[test]
fn the_hris_export_gives_the_roster() {
    let r = roster();
    let names: Vec<(&str, &str)> = r
        .names()
        .iter()
        .map(|(n, id)| (n.as_str(), id.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("Alex Morgan", "alex"),
            ("Blake Rivera", "blake"),
            ("Casey Nguyen", "casey"),
            ("Chen Wei", "chen"),
            ("Dana Whitfield", "dana"),
            ("Jordan Lee", "jordan"),
            ("Morgan Price", "morgan"),
            ("Priya Raman", "priya"),
            ("Rita Alvarez", "rita"),
            ("Sam Ortiz", "sam"),
            ("Sol Okafor", "sol"),
        ]
    );
    // Day/month/year: 03/11/2025 is the 3rd of November.
    assert_eq!(r.hired("jordan"), Some(date("2025-11-03")));
    assert_eq!(r.hired("dana"), Some(date("2022-01-09")));
    // The terminated worker is filtered out.
    assert_eq!(r.participant("Pat Quinn"), None);
    assert_eq!(r.hired("pat"), None);
}

#[test]
fn the_profiles_say_what_they_make() {
    assert_eq!(profile("salesforce-opportunities").output(), Output::Inputs);
    assert_eq!(profile("hris-roster").output(), Output::Inputs);
    let p = profile("salesforce-opportunities");
    assert!(
        p.origin()
            .unwrap()
            .ends_with("plans/imports/salesforce-opportunities.toml")
    );
    assert_eq!(
        p.description(),
        Some(
            "Salesforce opportunity report: Closed Won amounts per owner and quarter, as bookings for account-executive-marginal"
        )
    );
}

/// The Salesforce sample as transactions, one per won deal.
const DEALS: &str = r#"
[participant]
column = "Opportunity Owner"
names = { "Jordan Lee-Park" = "jordan" }
skip = ["Sales Ops Integration"]

[date]
column = "Close Date"
format = "month/day/year"

[[filters]]
column = "Stage"
equals = "Closed Won"

[formats.usd]
currency = "$"
thousands = ","
negative = ["parentheses"]

[transactions]
id = { column = "Opportunity ID" }
metric = { value = "bookings" }
amount = { column = "Amount", format = "usd" }
"attr.customer" = { column = "Account Name" }
"attr.type" = { column = "Type" }
"#;

#[test]
fn the_salesforce_export_gives_transactions() {
    let p = Profile::from_toml(DEALS, Some("deals.toml")).unwrap();
    assert_eq!(p.output(), Output::Transactions);
    let lines = p
        .read_transactions(
            &sample("salesforce-opportunities.csv")[..],
            Some("salesforce-opportunities.csv"),
            Some(&roster()),
        )
        .unwrap();
    let deal = |id: &str, customer: &str, kind: &str, amount: Decimal, on: &str, who: &str| {
        Transaction::new(format!("0065g00000{id}"), "bookings", amount, date(on))
            .attribute("customer", customer)
            .attribute("type", kind)
            .split(who, dec!(1))
    };
    assert_eq!(
        lines,
        vec![
            deal(
                "Q1a01",
                "Initech",
                "New Business",
                dec!(315000.00),
                "2026-01-22",
                "alex"
            ),
            deal(
                "Q1a02",
                "Globex",
                "Existing Business",
                dec!(212000.00),
                "2026-02-14",
                "alex"
            ),
            deal(
                "Q1a03",
                "Umbrella Health",
                "Existing Business",
                dec!(100000.00),
                "2026-03-05",
                "alex"
            ),
            deal(
                "Q1a05",
                "Globex",
                "Existing Business",
                dec!(-25000.00),
                "2026-03-18",
                "alex"
            ),
            deal(
                "Q1a06",
                "Acme Corp",
                "Renewal",
                dec!(48000.00),
                "2026-03-30",
                "alex"
            ),
            deal(
                "Q2a01",
                "Wayne Enterprises",
                "New Business",
                dec!(120000.00),
                "2026-04-09",
                "alex"
            ),
            deal(
                "Q1j01",
                "Vandelay Industries",
                "New Business",
                dec!(180000.00),
                "2026-01-15",
                "jordan"
            ),
            deal(
                "Q1j02",
                "Soylent",
                "Existing Business",
                dec!(95500.50),
                "2026-02-27",
                "jordan"
            ),
            deal(
                "Q1j03",
                "Massive Dynamic",
                "New Business",
                dec!(224499.50),
                "2026-03-31",
                "jordan"
            ),
        ]
    );
    // Credited, Q1's lines pay what the summed inputs pay.
    let data = incentive::credit::CreditData::new(lines, vec![], vec![]);
    let q1 = |who: &str| {
        Inputs::new(who, "account-executive-marginal")
            .with_period("2026-Q1")
            .source("bookings", incentive::CreditSource::Credited)
            .target("commission", dec!(500000))
    };
    let set = plans();
    let credits = incentive::Credits::build(
        &data,
        ["alex", "jordan"],
        date("2026-01-01"),
        date("2026-03-31"),
    )
    .unwrap();
    let totals: Vec<Decimal> = ["alex", "jordan"]
        .iter()
        .map(|w| credits.evaluate(&set, &q1(w)).unwrap().total())
        .collect();
    assert_eq!(totals, vec![dec!(58000.00), dec!(40000.00)]);
}

/// A profile reading column `X` as `actual.x` in the number format `format`.
fn number_profile(format: &str) -> Profile {
    Profile::from_toml(
        &format!(
            "[participant]\ncolumn = 'Who'\nids = true\n[formats.f]\n{format}\n\
             [inputs]\nplan = {{ value = 'p' }}\n'actual.x' = {{ column = 'X', format = 'f' }}\n"
        ),
        Some("p.toml"),
    )
    .unwrap()
}

/// `cell` read in `format`, as its exact text, or the error's message.
fn number(format: &str, cell: &str) -> Result<String, String> {
    let export = format!("Who,X\nalex,\"{cell}\"\n");
    number_profile(format)
        .read_inputs(export.as_bytes(), Some("x.csv"), None)
        .map(|i| i[0].actuals()["x"].to_string())
        .map_err(|e| e.to_string())
}

#[test]
fn number_formats_read_exactly() {
    let usd =
        "currency = '$'\nthousands = ','\nnegative = ['minus', 'parentheses', 'trailing-minus']";
    for (cell, want) in [
        ("$48,000.00", "48000.00"),
        ("$1,234,567.89", "1234567.89"),
        ("48000", "48000"),
        ("$ 48,000", "48000"),
        ("48,000.00 $", "48000.00"),
        ("-$1,234.50", "-1234.50"),
        ("$-1,234.50", "-1234.50"),
        ("($1,234.50)", "-1234.50"),
        ("( $1,234.50 )", "-1234.50"),
        ("$1,234.50-", "-1234.50"),
        ("0.1", "0.1"),
        (
            "0.000000000000000000000000001",
            "0.000000000000000000000000001",
        ),
        ("12345678901234567.89", "12345678901234567.89"),
        ("15%", "0.15"),
        ("12.5 %", "0.125"),
    ] {
        assert_eq!(number(usd, cell).as_deref(), Ok(want), "{cell}");
    }
    // Continental: `1.234,50`, a trailing minus, a code after the amount.
    let eur = "currency = 'EUR'\nthousands = '.'\ndecimal = ','\nnegative = ['trailing-minus']";
    for (cell, want) in [
        ("1.234,50 EUR", "1234.50"),
        ("EUR 1.234,50", "1234.50"),
        ("1.234,50-", "-1234.50"),
        ("0,05", "0.05"),
        ("1234", "1234"),
    ] {
        assert_eq!(number(eur, cell).as_deref(), Ok(want), "{cell}");
    }
    // Swiss apostrophes; spaces, the no-break ones included.
    assert_eq!(
        number("thousands = \"'\"", "1'234'567.05").as_deref(),
        Ok("1234567.05")
    );
    let space = "thousands = ' '\ndecimal = ','";
    assert_eq!(number(space, "1 234 567,05").as_deref(), Ok("1234567.05"));
    assert_eq!(number(space, "1\u{a0}234,5").as_deref(), Ok("1234.5"));
    assert_eq!(number(space, "1\u{202f}234").as_deref(), Ok("1234"));
    // A percent column: the `%` may be left out.
    for (cell, want) in [
        ("16", "0.16"),
        ("16%", "0.16"),
        ("12.5", "0.125"),
        ("-2", "-0.02"),
    ] {
        assert_eq!(
            number("percent = true", cell).as_deref(),
            Ok(want),
            "{cell}"
        );
    }
}

#[test]
fn a_value_off_its_format_is_an_error_naming_row_column_value_and_format() {
    let usd = "currency = '$'\nthousands = ','\nnegative = ['parentheses']";
    let expects = "the profile's format `f` (currency `$`, thousands separator `,`, decimal mark `.`, negatives as `($1,234.50)`); write it like `$1,234.50`";
    for cell in [
        "-$5.00",
        "$5.00-",
        "$48.000,00",
        "$1,23,456.00",
        "$12,34",
        "€5",
        "5 USD",
        "1e3",
        "$",
        "((5))",
        "1,234.5.6",
        "12.",
        "abc",
    ] {
        assert_eq!(
            number(usd, cell),
            Err(format!(
                "invalid input: file `x.csv` line 2 column 2, participant `alex`, field `X`: `{cell}` is not a number in {expects}"
            )),
            "{cell}"
        );
    }
    assert_eq!(
        number("percent = true\nnegative = ['minus', 'trailing-minus']", "x%"),
        Err("invalid input: file `x.csv` line 2 column 2, participant `alex`, field `X`: `x%` is not a number in the profile's format `f` (no currency symbol, no thousands separator, decimal mark `.`, negatives as `-1234.50` or `1234.50-`, a percent (`15` and `15%` are 0.15)); write it like `1234.50`".into())
    );
    assert_eq!(
        number("thousands = ' '", "1 2"),
        Err("invalid input: file `x.csv` line 2 column 2, participant `alex`, field `X`: `1 2` is not a number in the profile's format `f` (no currency symbol, thousands separator ` ` (a space), decimal mark `.`, negatives as `-1 234.50`); write it like `1 234.50`".into())
    );
    assert_eq!(
        number("", "123456789012345678901234567890"),
        Err("invalid input: file `x.csv` line 2 column 2, participant `alex`, field `X`: `123456789012345678901234567890` is too large to hold exactly (at most 28 significant digits)".into())
    );
    // A column with no format is read plainly, and the message says so.
    let p = Profile::from_toml(
        "[participant]\ncolumn = 'Who'\nids = true\n[inputs]\nplan = { value = 'p' }\n'actual.x' = { column = 'X' }\n",
        None,
    )
    .unwrap();
    let err = p
        .read_inputs("Who,X\nalex,\"48,000\"\n".as_bytes(), Some("x.csv"), None)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: file `x.csv` line 2 column 2, participant `alex`, field `X`: `48,000` is not a number in the profile's format `plain` (no currency symbol, no thousands separator, decimal mark `.`, negatives as `-1234.50`); write it like `1234.50`, or give the field a `format`"
    );
    assert_eq!(err.details().line, Some(2));
    assert_eq!(err.details().column, Some(2));
    assert_eq!(err.details().file.as_deref(), Some("x.csv"));
}

/// A profile reading `Day` in date format `format` into periods `period`.
fn dated(format: &str, period: &str) -> Profile {
    Profile::from_toml(
        &format!(
            "[participant]\ncolumn = 'Who'\nids = true\n\
             [date]\ncolumn = 'Day'\nformat = '{format}'\n{period}\n\
             [inputs]\nplan = {{ value = 'p' }}\n'actual.x' = {{ column = 'X' }}\n"
        ),
        Some("d.toml"),
    )
    .unwrap()
}

/// The periods of the rows dated `days`, each `X` 1, and their sums.
fn periods(p: &Profile, days: &[&str]) -> Result<Vec<(String, Decimal)>, String> {
    let mut export = "Who,Day,X\n".to_owned();
    for d in days {
        export.push_str(&format!("alex,{d},1\n"));
    }
    p.read_inputs(export.as_bytes(), Some("d.csv"), None)
        .map(|list| {
            list.iter()
                .map(|i| (i.period().unwrap().to_owned(), i.actuals()["x"]))
                .collect()
        })
        .map_err(|e| e.to_string())
}

fn labels(list: &[(&str, Decimal)]) -> Result<Vec<(String, Decimal)>, String> {
    Ok(list.iter().map(|(l, d)| ((*l).to_owned(), *d)).collect())
}

#[test]
fn dates_are_read_in_the_profiles_order_and_fall_in_periods() {
    let q = "period = 'quarter'";
    assert_eq!(
        periods(
            &dated("month/day/year", q),
            &["3/30/2026", "03/31/2026", "4/1/2026", "12/31/2025"]
        ),
        labels(&[
            ("2026-Q1", dec!(2)),
            ("2026-Q2", dec!(1)),
            ("2025-Q4", dec!(1))
        ])
    );
    assert_eq!(
        periods(
            &dated("day/month/year", q),
            &["30/03/2026", "1/4/2026", "3/1/2026"]
        ),
        labels(&[("2026-Q1", dec!(2)), ("2026-Q2", dec!(1))])
    );
    assert_eq!(
        periods(
            &dated("day.month.year", "period = 'month'"),
            &["30.03.2026", "1.3.2026", "29.02.2024"]
        ),
        labels(&[("2026-M03", dec!(2)), ("2024-M02", dec!(1))])
    );
    assert_eq!(
        periods(
            &dated("year-month-day", "period = 'half'"),
            &["2026-06-30", "2026-07-01"]
        ),
        labels(&[("2026-H1", dec!(1)), ("2026-H2", dec!(1))])
    );
    assert_eq!(
        periods(
            &dated("year-month-day", "period = 'year'"),
            &["2026-01-01", "2026-12-31"]
        ),
        labels(&[("2026", dec!(2))])
    );
    // A plan year starting in February: January 2027 is its fourth quarter.
    assert_eq!(
        periods(
            &dated("year-month-day", "period = 'quarter'\nyear_starts = 2"),
            &["2026-02-01", "2027-01-31", "2026-01-31"]
        ),
        labels(&[
            ("2026-Q1", dec!(1)),
            ("2026-Q4", dec!(1)),
            ("2025-Q4", dec!(1))
        ])
    );
}

#[test]
fn a_date_off_its_format_is_an_error_naming_row_column_value_and_format() {
    let at = |line: usize| {
        format!(
            "invalid input: file `d.csv` line {line} column 2, participant `alex`, field `Day`: "
        )
    };
    let mdy = dated("month/day/year", "period = 'quarter'");
    assert_eq!(
        periods(&mdy, &["3/30/2026", "30/03/2026"]),
        Err(format!(
            "{}`30/03/2026` is not a date in the profile's format `month/day/year`, such as `3/30/2026`: month 30 is outside 1 to 12",
            at(3)
        ))
    );
    assert_eq!(
        periods(&mdy, &["2/29/2026"]),
        Err(format!(
            "{}`2/29/2026` is not a date in the profile's format `month/day/year`, such as `3/30/2026`: day 29 is not in 2026-02, which has days 1 to 28",
            at(2)
        ))
    );
    for bad in [
        "3/30/26",
        "2026-03-30",
        "3/30/2026 10:15 AM",
        "3-30-2026",
        "Mar 30 2026",
    ] {
        assert_eq!(
            periods(&mdy, &[bad]),
            Err(format!(
                "{}`{bad}` is not a date in the profile's format `month/day/year`, such as `3/30/2026`",
                at(2)
            )),
            "{bad}"
        );
    }
    let dmy = dated("day/month/year", "period = 'quarter'");
    assert_eq!(
        periods(&dmy, &["3/30/2026"]),
        Err(format!(
            "{}`3/30/2026` is not a date in the profile's format `day/month/year`, such as `30/03/2026`: month 30 is outside 1 to 12",
            at(2)
        ))
    );
    assert_eq!(
        periods(
            &dated("day.month.year", "period = 'quarter'"),
            &["30/03/2026"]
        ),
        Err(format!(
            "{}`30/03/2026` is not a date in the profile's format `day.month.year`, such as `30.03.2026`",
            at(2)
        ))
    );
    let iso = dated("year-month-day", "period = 'quarter'");
    assert_eq!(
        periods(&iso, &["2026-3-30"]),
        Err(format!(
            "{}`2026-3-30` is not a date in the profile's format `year-month-day`, such as `2026-03-30`",
            at(2)
        ))
    );
    assert_eq!(
        periods(&iso, &[""]),
        Err(format!(
            "{}the `Day` cell is empty; profile `d.toml` reads the date from it",
            at(2)
        ))
    );
}

/// The error reading profile `text` (named `p.toml`), as displayed.
fn profile_error(text: &str) -> String {
    Profile::from_toml(text, Some("p.toml"))
        .unwrap_err()
        .to_string()
}

const HEAD: &str = "[participant]\ncolumn = 'Who'\nids = true\n";

#[test]
fn profile_errors_name_the_profile_file_and_line() {
    let e = Profile::from_toml(
        "[participant]\ncolumn = 'Who'\ncolum = 'x'\n",
        Some("p.toml"),
    )
    .unwrap_err();
    assert!(matches!(e, incentive::Error::Input(_)));
    assert_eq!(e.details().line, Some(3));
    assert_eq!(e.details().column, Some(1));
    assert_eq!(
        e.to_string(),
        "invalid input: file `p.toml` line 3 column 1: unknown field `colum`, expected one of `column`, `ids`, `names`, `skip`"
    );
    let cases: Vec<(String, &str)> = vec![
        (
            format!("{HEAD}[inputs]\nplan = {{ value = 'p' }}\n[extra]\n"),
            "invalid input: file `p.toml` line 6 column 2: unknown field `extra`, expected one of `description`, `participant`, `date`, `filters`, `formats`, `inputs`, `transactions`, `roster`",
        ),
        (
            format!("{HEAD}[inputs]\nplan = {{ value = 'p' }}\n'actual.x' = {{ colum = 'X' }}\n"),
            "invalid input: file `p.toml` line 6 column 16: unknown field `colum`, expected one of `column`, `value`, `format`",
        ),
        (
            format!("{HEAD}[inputs]\nplan = {{ value = 'p' }}\n'actuals.x' = {{ column = 'X' }}\n"),
            "invalid input: file `p.toml` line 6 column 1: `actuals.x` is not a field of inputs; fields are `plan`, `name`, `period`, `target_incentive`, `base_salary`, `target_percent`, `ote`, `mix`, `quota`, `actual.METRIC`, `target.COMPONENT`, `rating.COMPONENT` or `label.COMPONENT`",
        ),
        (
            format!("{HEAD}[inputs]\nplan = {{ value = 'p' }}\n'actual.' = {{ column = 'X' }}\n"),
            "invalid input: file `p.toml` line 6 column 1: `actual.` names no valid key after `actual.`; write it like `actual.bookings`",
        ),
        (
            format!("{HEAD}[inputs]\nplan = {{ value = 'p' }}\nparticipant = {{ column = 'X' }}\n"),
            "invalid input: file `p.toml` line 6 column 1: `participant` comes from the `[participant]` table, not from `[inputs]`",
        ),
        (
            format!("{HEAD}[transactions]\nid = {{ column = 'I' }}\nbooking = {{ column = 'X' }}\n"),
            "invalid input: file `p.toml` line 6 column 1: `booking` is not a field of a transaction; fields are `id`, `metric`, `amount`, `quantity`, `cost`, `refers_to` or `attr.NAME`",
        ),
        (
            format!("{HEAD}[transactions]\ndate = {{ column = 'D' }}\n"),
            "invalid input: file `p.toml` line 5 column 1: a transaction's date comes from the `[date]` table",
        ),
        (
            format!("{HEAD}[inputs]\nplan = {{ column = 'P', value = 'p' }}\n"),
            "invalid input: file `p.toml` line 5 column 8: a field needs exactly one of `column` (the export's column) or `value` (the same for every row)",
        ),
        (
            format!("{HEAD}[inputs]\nplan = {{ }}\n"),
            "invalid input: file `p.toml` line 5 column 8: a field needs exactly one of `column` (the export's column) or `value` (the same for every row)",
        ),
        (
            format!("{HEAD}[formats.f]\n[inputs]\nplan = {{ value = 'p' }}\n'target.x' = {{ value = 5, format = 'f' }}\n"),
            "invalid input: file `p.toml` line 7 column 14: a `value` is written in the profile as the engine reads it and takes no `format`; `format` is for a `column`",
        ),
        (
            format!("{HEAD}[formats.usd]\n[inputs]\nplan = {{ value = 'p' }}\n'actual.x' = {{ column = 'X', format = 'eur' }}\n"),
            "invalid input: file `p.toml` line 7 column 39, field `inputs.actual.x`: format `eur` is not a `[formats]` table of the profile; formats: `usd`",
        ),
        (
            format!("{HEAD}[inputs]\nplan = {{ value = 'p' }}\n'actual.x' = {{ column = 'X', format = 'eur' }}\n"),
            "invalid input: file `p.toml` line 6 column 39, field `inputs.actual.x`: format `eur` is not a `[formats]` table of the profile; formats: none",
        ),
        (
            format!("{HEAD}[formats.f]\n[inputs]\nplan = {{ column = 'P', format = 'f' }}\n"),
            "invalid input: file `p.toml` line 6 column 33, field `inputs.plan`: `plan` is text, which takes no number `format`",
        ),
        (
            format!("{HEAD}[inputs]\nplan = {{ value = 'p' }}\n'target.x' = {{ value = '5,000' }}\n"),
            "invalid input: file `p.toml`, field `inputs.target.x`: `5,000` is not a decimal number; write it like `1250`, `0.75`, `\"0.1\"` or `\"75%\"`",
        ),
        (
            format!("{HEAD}[inputs]\nplan = {{ value = 'p' }}\nmix = {{ value = '60-40' }}\n"),
            "invalid input: file `p.toml`, field `inputs.mix`: `60-40` is not a pay mix; write the base and variable shares of on-target earnings as \"BASE/VARIABLE\", such as \"60/40\"",
        ),
        (
            format!("{HEAD}[formats.f]\nthousands = '.'\n[inputs]\nplan = {{ value = 'p' }}\n"),
            "invalid input: file `p.toml` line 4 column 1: `thousands` and `decimal` are both `.`; a number needs them apart, such as `,` and `.`",
        ),
        (
            format!("{HEAD}[formats.f]\nthousands = ',,'\n[inputs]\nplan = {{ value = 'p' }}\n"),
            "invalid input: file `p.toml` line 4 column 1: `thousands` is `,,`; it is one character that is not a digit, sign, parenthesis or `%`, such as `,` or `.`",
        ),
        (
            format!("{HEAD}[formats.f]\ncurrency = '$1'\n[inputs]\nplan = {{ value = 'p' }}\n"),
            "invalid input: file `p.toml` line 4 column 1: `currency` is `$1`; it is a symbol or code with no digits, signs or spaces around it, such as `$` or `EUR`",
        ),
        (
            format!("{HEAD}[formats.f]\nnegative = []\n[inputs]\nplan = {{ value = 'p' }}\n"),
            "invalid input: file `p.toml` line 4 column 1: `negative` is empty; list how negatives are written: `minus`, `parentheses` or `trailing-minus`",
        ),
        (
            format!("{HEAD}[formats.f]\nnegative = ['brackets']\n[inputs]\nplan = {{ value = 'p' }}\n"),
            "invalid input: file `p.toml` line 5 column 13: unknown variant `brackets`, expected one of `minus`, `parentheses`, `trailing-minus`",
        ),
        (
            format!("{HEAD}[date]\ncolumn = 'D'\nformat = 'mm/dd/yyyy'\nperiod = 'quarter'\n[inputs]\nplan = {{ value = 'p' }}\n"),
            "invalid input: file `p.toml` line 6 column 10: unknown variant `mm/dd/yyyy`, expected one of `month/day/year`, `day/month/year`, `day.month.year`, `year-month-day`",
        ),
        (
            format!("{HEAD}[date]\ncolumn = 'D'\nformat = 'month/day/year'\nperiod = 'week'\n[inputs]\nplan = {{ value = 'p' }}\n"),
            "invalid input: file `p.toml` line 7 column 10: unknown variant `week`, expected one of `month`, `quarter`, `half`, `year`",
        ),
        (
            format!("{HEAD}[date]\ncolumn = 'D'\nformat = 'month/day/year'\nperiod = 'quarter'\nyear_starts = 13\n[inputs]\nplan = {{ value = 'p' }}\n"),
            "invalid input: file `p.toml` line 8 column 15, field `date.year_starts`: `year_starts` is 13; it is the month a plan year starts, 1 to 12",
        ),
        (
            format!("{HEAD}[date]\ncolumn = 'D'\nformat = 'month/day/year'\n[inputs]\nplan = {{ value = 'p' }}\n"),
            "invalid input: file `p.toml`, field `date.period`: `[date]` gives no `period`; for inputs, the date says which period a row adds to: give `period = \"quarter\"` (or `month`, `half`, `year`)",
        ),
        (
            format!("{HEAD}[date]\ncolumn = 'D'\nformat = 'month/day/year'\nperiod = 'quarter'\n[inputs]\nplan = {{ value = 'p' }}\nperiod = {{ column = 'P' }}\n"),
            "invalid input: file `p.toml`, field `inputs.period`: the period comes both from `[date]` (`period`) and from `[inputs]` (`period`); give it one way",
        ),
        (
            format!("{HEAD}[[filters]]\ncolumn = 'S'\nequals = 'a'\nnot_equals = 'b'\n[inputs]\nplan = {{ value = 'p' }}\n"),
            "invalid input: file `p.toml` line 4 column 1: the filter on `S` needs exactly one of `equals`, `one_of` or `not_equals`",
        ),
        (
            format!("{HEAD}[[filters]]\ncolumn = 'S'\n[inputs]\nplan = {{ value = 'p' }}\n"),
            "invalid input: file `p.toml` line 4 column 1: the filter on `S` needs exactly one of `equals`, `one_of` or `not_equals`",
        ),
        (
            format!("{HEAD}[[filters]]\ncolumn = 'S'\none_of = []\n[inputs]\nplan = {{ value = 'p' }}\n"),
            "invalid input: file `p.toml` line 4 column 1: the filter on `S` has an empty `one_of`, which no row passes; list the values that count",
        ),
        (
            format!("{HEAD}[[filters]]\ncolumn = 'S'\nnot_one_of = ['a']\n[inputs]\nplan = {{ value = 'p' }}\n"),
            "invalid input: file `p.toml` line 6 column 1: unknown field `not_one_of`, expected one of `column`, `equals`, `one_of`, `not_equals`",
        ),
        (
            format!("{HEAD}[inputs]\nplan = {{ value = '' }}\n"),
            "invalid input: file `p.toml`, field `inputs.plan`: `plan` has an empty `value`, which gives nothing; give the value, or leave the field out",
        ),
        (
            HEAD.to_owned(),
            "invalid input: file `p.toml`: the profile has neither `[inputs]` nor `[transactions]`; give the fields it fills in one of them",
        ),
        (
            format!("{HEAD}[inputs]\nplan = {{ value = 'p' }}\n[transactions]\nid = {{ column = 'I' }}\n"),
            "invalid input: file `p.toml`: the profile has both `[inputs]` and `[transactions]`; a profile makes one of them",
        ),
        (
            format!("{HEAD}[inputs]\nname = {{ column = 'N' }}\n"),
            "invalid input: file `p.toml`: `[inputs]` gives no `plan`; give it as `plan = { value = \"…\" }` or from a `column`",
        ),
        (
            format!("{HEAD}[date]\ncolumn = 'D'\nformat = 'month/day/year'\n[transactions]\nid = {{ column = 'I' }}\nmetric = {{ value = 'm' }}\n"),
            "invalid input: file `p.toml`: `[transactions]` gives no `amount`; every transaction needs one",
        ),
        (
            format!("{HEAD}[transactions]\nid = {{ column = 'I' }}\nmetric = {{ value = 'm' }}\namount = {{ column = 'A' }}\n"),
            "invalid input: file `p.toml`: a transactions profile needs a `[date]`: the column that dates each transaction",
        ),
        (
            format!("{HEAD}[date]\ncolumn = 'D'\nformat = 'month/day/year'\nperiod = 'month'\n[transactions]\nid = {{ column = 'I' }}\nmetric = {{ value = 'm' }}\namount = {{ column = 'A' }}\n"),
            "invalid input: file `p.toml`, field `date.period`: `[date]` has a `period`, which is for inputs; transactions keep their date",
        ),
        (
            "[participant]\ncolumn = 'Who'\nids = true\nskip = ['x']\n[inputs]\nplan = { value = 'p' }\n".to_owned(),
            "invalid input: file `p.toml`, field `participant.ids`: `[participant]` has `ids = true`, so its column holds participant ids; `names` and `skip` are for a column of names",
        ),
        (
            "[inputs]\nplan = { value = 'p' }\n".to_owned(),
            "invalid input: file `p.toml` line 1 column 1: missing field `participant`",
        ),
        (
            "[participant\n".to_owned(),
            "invalid input: file `p.toml` line 1 column 13: unclosed table, expected `]`",
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(text, want)| profile_error(text) != *want)
        .map(|(text, want)| format!("{text}\n  got: {}\n want: {want}", profile_error(text)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    let missing = Profile::load(root("plans/imports/no-such-profile.toml")).unwrap_err();
    assert!(matches!(missing, incentive::Error::Io(_)));
}

fn salesforce_error(export: &str, roster: Option<&Roster>) -> String {
    profile("salesforce-opportunities")
        .read_inputs(export.as_bytes(), Some("sf.csv"), roster)
        .unwrap_err()
        .to_string()
}

fn salesforce_text() -> String {
    String::from_utf8(sample("salesforce-opportunities.csv")).unwrap()
}

#[test]
fn names_map_through_the_profile_then_the_roster_or_are_skipped() {
    let p = profile("salesforce-opportunities");
    // Without a roster, Alex's name is unknown: the error names the row and the name.
    let err = p
        .read_inputs(
            &sample("salesforce-opportunities.csv")[..],
            Some("sf.csv"),
            None,
        )
        .unwrap_err();
    assert_eq!(err.details().line, Some(2));
    assert_eq!(err.details().column, Some(1));
    let profile_file = root("plans/imports/salesforce-opportunities.toml")
        .display()
        .to_string();
    assert_eq!(
        err.to_string(),
        format!(
            "invalid input: file `sf.csv` line 2 column 1, field `Opportunity Owner`: no participant is mapped for the name `Alex Morgan`; add `\"Alex Morgan\" = \"ID\"` to `[participant.names]` in profile `{profile_file}`, or give a roster that has it, or list the name in `skip` to leave its rows out"
        )
    );
    // With a roster that lacks him, the message says so.
    let other = Roster::new().person("Blake Rivera", "blake");
    assert_eq!(
        salesforce_error(&salesforce_text(), Some(&other)),
        format!(
            "invalid input: file `sf.csv` line 2 column 1, field `Opportunity Owner`: no participant is mapped for the name `Alex Morgan`; add `\"Alex Morgan\" = \"ID\"` to `[participant.names]` in profile `{profile_file}` or the name to the roster, or list the name in `skip` to leave its rows out"
        )
    );
    // The profile's own names come before the roster's.
    let renamed = roster().person("Jordan Lee-Park", "someone-else");
    let inputs = p
        .read_inputs(
            &sample("salesforce-opportunities.csv")[..],
            None,
            Some(&renamed),
        )
        .unwrap();
    assert_eq!(inputs, hand_made());
    // A name in `skip` drops its won rows; a filtered row's owner is never looked up.
    let text = salesforce_text().replace("Blake Rivera", "Nobody Known");
    assert_eq!(
        p.read_inputs(text.as_bytes(), None, Some(&roster()))
            .unwrap(),
        hand_made()
    );
    // Without `skip`, the integration user is an error on its own line.
    let strict = Profile::from_toml(
        &std::fs::read_to_string(root("plans/imports/salesforce-opportunities.toml"))
            .unwrap()
            .replace("skip = [\"Sales Ops Integration\"]", ""),
        Some("strict.toml"),
    )
    .unwrap();
    assert_eq!(
        strict
            .read_inputs(
                &sample("salesforce-opportunities.csv")[..],
                Some("sf.csv"),
                Some(&renamed)
            )
            .unwrap_err()
            .to_string(),
        "invalid input: file `sf.csv` line 15 column 1, field `Opportunity Owner`: no participant is mapped for the name `Sales Ops Integration`; add `\"Sales Ops Integration\" = \"ID\"` to `[participant.names]` in profile `strict.toml` or the name to the roster, or list the name in `skip` to leave its rows out"
    );
    // An empty owner on a won deal.
    let text = salesforce_text().replace("\"Alex Morgan\",\"Acme Corp\"", "\"\",\"Acme Corp\"");
    assert_eq!(
        salesforce_error(&text, Some(&renamed)),
        format!(
            "invalid input: file `sf.csv` line 7 column 1, field `Opportunity Owner`: the `Opportunity Owner` cell is empty; profile `{profile_file}` reads each row's participant from it"
        )
    );
}

#[test]
fn export_errors_name_the_row_column_and_value() {
    let profile_file = root("plans/imports/salesforce-opportunities.toml")
        .display()
        .to_string();
    let r = roster();
    // A won deal's amount the format does not read.
    let text = salesforce_text().replace("$95,500.50", "$95.500,50");
    assert_eq!(
        salesforce_error(&text, Some(&r)),
        "invalid input: file `sf.csv` line 12 column 6, participant `jordan`, field `Amount`: `$95.500,50` is not a number in the profile's format `usd` (currency `$`, thousands separator `,`, decimal mark `.`, negatives as `-$1,234.50` or `($1,234.50)`); write it like `$1,234.50`"
    );
    // A lost deal's garbage is never read.
    let text = salesforce_text().replace("$90,000.00", "ninety thousand");
    assert_eq!(
        profile("salesforce-opportunities")
            .read_inputs(text.as_bytes(), None, Some(&r))
            .unwrap(),
        hand_made()
    );
    // A day/month/year date in a month/day/year export.
    let text = salesforce_text().replace("3/30/2026", "30/3/2026");
    assert_eq!(
        salesforce_error(&text, Some(&r)),
        "invalid input: file `sf.csv` line 7 column 8, participant `alex`, field `Close Date`: `30/3/2026` is not a date in the profile's format `month/day/year`, such as `3/30/2026`: month 30 is outside 1 to 12"
    );
    // A column the profile reads is missing, or there twice.
    let text = salesforce_text().replace("\"Close Date\"", "\"Closed\"");
    assert_eq!(
        salesforce_error(&text, Some(&r)),
        format!(
            "invalid input: file `sf.csv` line 1 column 1: the header has no `Close Date` column, which profile `{profile_file}` reads for the date; the columns are `Opportunity Owner`, `Account Name`, `Opportunity Name`, `Type`, `Stage`, `Amount`, `Probability (%)`, `Closed`, `Opportunity ID`"
        )
    );
    let text = salesforce_text().replace("\"Probability (%)\"", "\"Amount\"");
    assert_eq!(
        salesforce_error(&text, Some(&r)),
        format!(
            "invalid input: file `sf.csv` line 1 column 7: column `Amount`, which profile `{profile_file}` reads for `actual.bookings`, appears twice in the header; rename one"
        )
    );
    let text = salesforce_text().replace("\"Stage\"", "\"Stage Name\"");
    assert_eq!(
        salesforce_error(&text, Some(&r)),
        format!(
            "invalid input: file `sf.csv` line 1 column 1: the header has no `Stage` column, which profile `{profile_file}` reads for a filter; the columns are `Opportunity Owner`, `Account Name`, `Opportunity Name`, `Type`, `Stage Name`, `Amount`, `Probability (%)`, `Close Date`, `Opportunity ID`"
        )
    );
    // A short row.
    let text = salesforce_text().replace(",\"0065g00000Q1a03\"", "");
    assert_eq!(
        salesforce_error(&text, Some(&r)),
        "invalid input: file `sf.csv` line 4 column 1: the row has 8 fields but the header has 9; every row needs one field per column (quote a field that holds a comma)"
    );
    // Not UTF-8.
    let mut bytes = sample("salesforce-opportunities.csv");
    bytes.push(0xff);
    assert_eq!(
        profile("salesforce-opportunities")
            .read_inputs(&bytes[..], Some("sf.csv"), Some(&r))
            .unwrap_err()
            .to_string(),
        format!(
            "invalid input: file `sf.csv` line 16 column 1: the byte at offset {} (line 16, column 1) is not UTF-8; save the file as UTF-8",
            bytes.len() - 1
        )
    );
    // An empty export.
    assert_eq!(
        salesforce_error("", Some(&r)),
        format!(
            "invalid input: file `sf.csv` line 1 column 1: the file has no header row; profile `{profile_file}` reads the participant from column `Opportunity Owner`"
        )
    );
}

/// A profile reading `Who`, `Plan`, `T` (a target) and `X` (an actual)
/// by participant id.
const TERMS: &str = "[participant]\ncolumn = 'Who'\nids = true\n\
    [inputs]\nplan = { column = 'Plan' }\nperiod = { column = 'Period' }\n\
    'target.x' = { column = 'T' }\n'actual.x' = { column = 'X' }\nmix = { column = 'Mix' }\n";

fn terms(export: &str) -> Result<Vec<Inputs>, String> {
    Profile::from_toml(TERMS, Some("t.toml"))
        .unwrap()
        .read_inputs(export.as_bytes(), Some("t.csv"), None)
        .map_err(|e| e.to_string())
}

#[test]
fn rows_add_up_per_participant_plan_and_period() {
    let list = terms(
        "Who,Plan,Period,T,X,Mix\n\
         alex,p,2026-Q1,100,1.5,60/40\n\
         alex,p,2026-Q1,100.00,2.25,\n\
         alex,q,2026-Q1,,4,\n\
         blake,p,2026-Q1,,7,\n\
         alex,p,2026-Q2,,0.1,\n\
         alex,p,2026-Q2,,0.2,\n",
    )
    .unwrap();
    let mix = "60/40".parse().unwrap();
    assert_eq!(
        list,
        vec![
            Inputs::new("alex", "p")
                .with_period("2026-Q1")
                .target("x", dec!(100))
                .actual("x", dec!(3.75))
                .with_mix(mix),
            Inputs::new("alex", "q")
                .with_period("2026-Q1")
                .actual("x", dec!(4)),
            Inputs::new("blake", "p")
                .with_period("2026-Q1")
                .actual("x", dec!(7)),
            Inputs::new("alex", "p")
                .with_period("2026-Q2")
                .actual("x", dec!(0.3)),
        ]
    );
    // Exactly 0.3, not 0.30000000000000004.
    assert_eq!(list[3].actuals()["x"].to_string(), "0.3");
    assert_eq!(
        terms("Who,Plan,Period,T,X,Mix\nalex,p,2026-Q1,100,1,\nalex,p,2026-Q1,120,1,\n"),
        Err("invalid input: file `t.csv` line 3 column 4, participant `alex`, plan `p`, field `T`: `target.x` is `120` here but `100` on line 2 for the same participant, plan and period; rows are summed only in `actual.` fields, and every other field must agree".into())
    );
    assert_eq!(
        terms("Who,Plan,Period,T,X,Mix\nalex,,2026-Q1,100,1,\n"),
        Err("invalid input: file `t.csv` line 2 column 2, participant `alex`, field `Plan`: the plan cell is empty; every row names its plan".into())
    );
    assert_eq!(
        terms("Who,Plan,Period,T,X,Mix\nalex,p,2026-Q1,100,1,60-40\n"),
        Err("invalid input: file `t.csv` line 2 column 6, participant `alex`, field `Mix`: `60-40` is not a pay mix; write the base and variable shares of on-target earnings as \"BASE/VARIABLE\", such as \"60/40\"".into())
    );
    assert_eq!(
        terms("Who,Plan,Period,T,X,Mix\nalex,p,2026-Q1,,79228162514264337593543950335,\nalex,p,2026-Q1,,1,\n"),
        Err("invalid input: file `t.csv` line 3 column 5, participant `alex`, field `X`: the sum of `actual.x` is too large to hold exactly".into())
    );
}

#[test]
fn a_constant_is_the_same_in_every_row_and_an_actual_constant_is_summed() {
    let p = |x: &str| {
        Profile::from_toml(
            &format!("{HEAD}[inputs]\nplan = {{ value = 'p' }}\n'actual.x' = {{ value = {x} }}\n'target.x' = {{ value = '1.5' }}\n"),
            None,
        )
        .unwrap()
    };
    let rows = "Who\nalex\nalex\nblake\n".as_bytes();
    assert_eq!(
        p("2").read_inputs(rows, None, None).unwrap(),
        vec![
            Inputs::new("alex", "p")
                .actual("x", dec!(4))
                .target("x", dec!(1.5)),
            Inputs::new("blake", "p")
                .actual("x", dec!(2))
                .target("x", dec!(1.5)),
        ]
    );
    // A sum of constants too large names the row, with no column to point at.
    let err = p("'50000000000000000000000000000'")
        .read_inputs(rows, Some("c.csv"), None)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: file `c.csv` line 3, participant `alex`: the sum of `actual.x` is too large to hold exactly"
    );
    assert_eq!(err.details().column, None);
}

#[test]
fn filters_keep_equal_listed_or_other_values() {
    let read = |filter: &str| -> Vec<Decimal> {
        Profile::from_toml(
            &format!(
                "[participant]\ncolumn = 'Who'\nids = true\n[[filters]]\ncolumn = 'S'\n{filter}\n\
                      [inputs]\nplan = {{ value = 'p' }}\n'actual.x' = {{ column = 'X' }}\n"
            ),
            None,
        )
        .unwrap()
        .read_inputs(
            "Who,S,X\na,Won,1\nb,Lost,2\nc,won,4\nd,,8\n".as_bytes(),
            None,
            None,
        )
        .unwrap()
        .iter()
        .map(|i| i.actuals()["x"])
        .collect()
    };
    // Exact, case and all.
    assert_eq!(read("equals = 'Won'"), vec![dec!(1)]);
    assert_eq!(read("one_of = ['Won', 'Lost']"), vec![dec!(1), dec!(2)]);
    assert_eq!(read("not_equals = 'Lost'"), vec![dec!(1), dec!(4), dec!(8)]);
    assert_eq!(read("equals = ''"), vec![dec!(8)]);
    // Filters all apply.
    let both = Profile::from_toml(
        "[participant]\ncolumn = 'Who'\nids = true\n\
         [[filters]]\ncolumn = 'S'\nnot_equals = 'Lost'\n[[filters]]\ncolumn = 'Who'\none_of = ['a', 'd']\n\
         [inputs]\nplan = { value = 'p' }\n'actual.x' = { column = 'X' }\n",
        None,
    )
    .unwrap()
    .read_inputs("Who,S,X\na,Won,1\nb,Lost,2\nc,won,4\nd,,8\n".as_bytes(), None, None)
    .unwrap();
    let who: Vec<&str> = both.iter().map(|i| i.participant()).collect();
    assert_eq!(who, vec!["a", "d"]);
}

#[test]
fn a_profile_reads_what_it_makes() {
    let deals = Profile::from_toml(DEALS, Some("deals.toml")).unwrap();
    assert_eq!(
        deals
            .read_inputs("x\n".as_bytes(), Some("x.csv"), None)
            .unwrap_err()
            .to_string(),
        "invalid input: file `x.csv`: profile `deals.toml` makes transactions (its fields are in `[transactions]`); read the export with `read_transactions`"
    );
    assert_eq!(
        profile("hris-roster")
            .read_transactions("x\n".as_bytes(), Some("x.csv"), None)
            .unwrap_err()
            .to_string(),
        format!(
            "invalid input: file `x.csv`: profile `{}` makes inputs (its fields are in `[inputs]`); read the export with `read_inputs`",
            root("plans/imports/hris-roster.toml").display()
        )
    );
    assert_eq!(
        deals
            .read_roster("x\n".as_bytes(), Some("x.csv"))
            .unwrap_err()
            .to_string(),
        "invalid input: file `x.csv`: profile `deals.toml` has no `[roster]` table naming the column of people's names; it cannot read a roster"
    );
    // A won deal with no id.
    let text = salesforce_text().replace("\"0065g00000Q1a02\"", "\"\"");
    assert_eq!(
        deals
            .read_transactions(text.as_bytes(), Some("sf.csv"), Some(&roster()))
            .unwrap_err()
            .to_string(),
        "invalid input: file `sf.csv` line 3 column 9, participant `alex`, field `Opportunity ID`: the cell is empty; profile `deals.toml` reads each transaction's `id` from it"
    );
}

#[test]
fn roster_errors_name_the_row() {
    let hris = profile("hris-roster");
    let text = String::from_utf8(sample("hris-roster.csv")).unwrap();
    let bad = text.replace(",Jordan Lee,", ",,");
    assert_eq!(
        hris.read_roster(bad.as_bytes(), Some("hris.csv"))
            .unwrap_err()
            .to_string(),
        format!(
            "invalid input: file `hris.csv` line 3 column 3, participant `jordan`, field `Full Name`: the `Full Name` cell is empty; profile `{}` reads each person's name from it",
            root("plans/imports/hris-roster.toml").display()
        )
    );
    let bad = text.replace("03/11/2025", "11/31/2025");
    assert_eq!(
        hris.read_roster(bad.as_bytes(), Some("hris.csv"))
            .unwrap_err()
            .to_string(),
        "invalid input: file `hris.csv` line 3 column 12, participant `jordan`, field `Hire Date`: `11/31/2025` is not a date in the profile's format `day/month/year`, such as `30/03/2026`: month 31 is outside 1 to 12"
    );
    // A percent the format does not read, in the pay terms.
    let bad = text.replace("16%", "16 pct");
    assert_eq!(
        hris.read_inputs(bad.as_bytes(), Some("hris.csv"), None)
            .unwrap_err()
            .to_string(),
        "invalid input: file `hris.csv` line 7 column 8, participant `dana`, field `Target Bonus %`: `16 pct` is not a number in the profile's format `percent` (no currency symbol, no thousands separator, decimal mark `.`, negatives as `-1234.50`, a percent (`15` and `15%` are 0.15)); write it like `1234.50`"
    );
    // A blank hire date gives no date; the name still maps.
    let blank = text.replace("03/11/2025", "");
    let r = hris.read_roster(blank.as_bytes(), None).unwrap();
    assert_eq!(r.participant("Jordan Lee"), Some("jordan"));
    assert_eq!(r.hired("jordan"), None);
    // The same name twice for the same participant is no conflict.
    let twice = format!(
        "{text}E1002,jordan,Jordan Lee,Account Executive,account-executive-retroactive,Sales,,,,,,03/11/2025,Active\n"
    );
    assert_eq!(hris.read_roster(twice.as_bytes(), None).unwrap(), roster());
}

// The data guide shows the shipped Salesforce profile as it is.
#[test]
fn the_data_guide_shows_the_shipped_profile() {
    let guide = std::fs::read_to_string(root("src/docs/data.md")).unwrap();
    let section = guide.split("## Import profiles").nth(1).unwrap();
    let shown = section
        .split("```toml\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let shipped =
        std::fs::read_to_string(root("plans/imports/salesforce-opportunities.toml")).unwrap();
    let body = shipped.split_once("\ndescription = ").unwrap().1;
    assert_eq!(format!("description = {body}"), shown);
    // And the profile it shows reads.
    assert!(Profile::from_toml(shown, None).is_ok());
}
