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
