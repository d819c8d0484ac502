//! The simulation file (issue 14, item 3): the shipped file runs to the
//! same report as the same simulation built in code, and its errors are
//! pinned.

use incentive::simulate::{Distribution, SimulationFile, SimulationReport};
use incentive::{Error, Inputs, Simulation};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::{plans, root};

fn shipped() -> SimulationFile {
    SimulationFile::load(root("plans/simulations/shipped-plans.toml")).unwrap()
}

/// The roster of `examples/simulate.rs`, one participant a role.
fn roster() -> Vec<Inputs> {
    let d = Decimal::from;
    vec![
        Inputs::new("p00000", "product-manager")
            .actual("opportunities", d(200))
            .target("booked", d(2_000_000))
            .target("pipeline", d(6_000_000))
            .target("close_rate", dec!(0.25))
            .rating("market_perception", d(3))
            .rating("field_readiness", d(3)),
        Inputs::new("p00001", "demand-generation")
            .target("pipeline", d(2_000_000))
            .rating("campaign_effectiveness", d(3)),
        Inputs::new("p00002", "sales-enablement")
            .target("sales_quota", d(10_500_000))
            .rating("sales_satisfaction", d(4)),
        Inputs::new("p00003", "channel-marketing")
            .target("channel_pipeline", d(4_000_000))
            .rating("partner_satisfaction", d(3))
            .rating("channel_strategy", d(3)),
        Inputs::new("p00004", "account-executive-marginal").target("commission", d(500_000)),
        Inputs::new("p00005", "account-executive-retroactive").target("commission", d(500_000)),
        Inputs::new("p00006", "customer-marketing")
            .target("nrr", dec!(1.05))
            .target("expansion_pipeline", d(1_200_000))
            .target("gross_churn", dec!(0.08)),
    ]
}

/// The simulation of `examples/simulate.rs`, built in code.
fn in_code(roster: &[Inputs], plans: &incentive::PlanSet) -> SimulationReport {
    let ratings =
        Distribution::empirical([2, 3, 3, 3, 3, 4, 4, 4, 5].map(Decimal::from).to_vec()).unwrap();
    Simulation::new(plans, roster)
        .draw(
            "booked",
            Distribution::lognormal(dec!(0), dec!(0.20)).unwrap(),
        )
        .draw(
            "pipeline",
            Distribution::normal(dec!(1), dec!(0.20)).unwrap(),
        )
        .draw(
            "close_rate",
            Distribution::normal(dec!(1), dec!(0.15)).unwrap(),
        )
        .draw(
            "channel_pipeline",
            Distribution::normal(dec!(0.95), dec!(0.25)).unwrap(),
        )
        .draw(
            "sales_quota",
            Distribution::uniform(dec!(0.80), dec!(1.25)).unwrap(),
        )
        .draw(
            "sales_satisfaction",
            Distribution::uniform(dec!(3), dec!(5)).unwrap(),
        )
        .draw(
            "commission",
            Distribution::lognormal(dec!(0), dec!(0.25)).unwrap(),
        )
        .draw("nrr", Distribution::normal(dec!(1), dec!(0.05)).unwrap())
        .draw(
            "expansion_pipeline",
            Distribution::normal(dec!(1), dec!(0.25)).unwrap(),
        )
        .draw(
            "gross_churn",
            Distribution::normal(dec!(1), dec!(0.20)).unwrap(),
        )
        .draw("campaign_effectiveness", ratings.clone())
        .draw("market_perception", ratings.clone())
        .draw("field_readiness", ratings.clone())
        .draw("partner_satisfaction", ratings.clone())
        .draw("channel_strategy", ratings)
        .correlate("booked", "pipeline", dec!(0.6))
        .revenue("booked")
        .revenue("commission")
        .trials(1000)
        .seed(42)
        .run()
        .unwrap()
}

#[test]
fn the_shipped_file_reads_its_roster_and_draws() {
    let file = shipped();
    assert_eq!(file.participants(), roster().as_slice());
    assert_eq!(
        (file.seed(), file.trials(), file.precision()),
        (42, 1000, 4)
    );
    assert_eq!(file.draws().len(), 15);
    assert_eq!(
        file.draws()[0],
        (
            "booked".to_owned(),
            Distribution::lognormal(dec!(0), dec!(0.20)).unwrap()
        )
    );
    assert_eq!(
        file.correlations(),
        [("booked".to_owned(), "pipeline".to_owned(), dec!(0.6))]
    );
    assert_eq!(file.revenue(), ["booked", "commission"]);
}

#[test]
fn the_shipped_file_runs_to_the_report_built_in_code() {
    let plans = plans();
    let from_file = shipped().run(&plans).unwrap();
    let roster = roster();
    let built = in_code(&roster, &plans);
    assert_eq!(from_file, built);
    assert_eq!(from_file.to_string(), built.to_string());
    assert_eq!((from_file.trials, from_file.seed), (1000, 42));
    assert_eq!(from_file.participants, 7);
    assert_eq!(
        (from_file.mean_cost, from_file.min, from_file.max),
        (built.mean_cost, built.min, built.max)
    );
    assert_eq!(
        (from_file.p5, from_file.p50, from_file.p95),
        (built.p5, built.p50, built.p95)
    );
    assert_eq!(from_file.by_component, built.by_component);
    assert_eq!(from_file.cap_hits, built.cap_hits);
    assert_eq!(from_file.mean_revenue, built.mean_revenue);
    let roles: Vec<&str> = from_file.by_role.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(roles.len(), 7);
    assert!(roles.contains(&"customer-marketing"), "{roles:?}");
    assert!(from_file.mean_cost > Decimal::ZERO);
}

#[cfg(feature = "json")]
#[test]
fn the_json_twin_is_the_same_simulation() {
    let json = SimulationFile::load(root("plans/simulations/shipped-plans.json")).unwrap();
    assert_eq!(json, shipped());
}

#[test]
fn inputs_files_are_read_beside_the_simulation_file() {
    let origin = root("plans/simulations/sample.toml").display().to_string();
    let file = SimulationFile::from_toml(
        "inputs = ['../samples/participants.toml']\n[[participants]]\nparticipant = 'x'\nplan = 'demand-generation'\n",
        &origin,
    )
    .unwrap();
    let mut expected = Inputs::load_list(root("plans/samples/participants.toml")).unwrap();
    expected.push(Inputs::new("x", "demand-generation"));
    assert_eq!(file.participants(), expected.as_slice());
}

fn error(text: &str) -> Error {
    SimulationFile::from_toml(text, "sim.toml").unwrap_err()
}

#[test]
fn simulation_file_errors_name_the_file_and_field() {
    let cases = [
        (
            "seed = 1\ntrails = 10\n",
            "invalid input: file `sim.toml` line 2 column 1, field `trails`: unknown field `trails`, expected one of `seed`, `trials`, `precision`, `inputs`, `participants`, `draws`, `correlations`, `revenue`",
        ),
        (
            "[[draws]]\ncomponent = 'pipeline'\ndistribution = 'gaussian'\n",
            "invalid input: file `sim.toml` line 3 column 16, field `draws[0].distribution`: unknown variant `gaussian`, expected one of `normal`, `lognormal`, `uniform`, `empirical`",
        ),
        (
            "[[draws]]\ncomponent = 'pipeline'\ndistribution = 'normal'\nmean = 1\n",
            "invalid input: file `sim.toml`, component `pipeline`, field `draws[0].sd`: is missing; a normal distribution takes `mean` and `sd`",
        ),
        (
            "[[draws]]\ncomponent = 'booked'\ndistribution = 'lognormal'\nmu = 0\nsd = 0.2\n",
            "invalid input: file `sim.toml`, component `booked`, field `draws[0].sd`: a lognormal distribution takes `mu` and `sigma`, not `sd`",
        ),
        (
            "[[draws]]\ncomponent = 'booked'\ndistribution = 'uniform'\nlow = 1.2\nhigh = 0.8\n",
            "invalid input: file `sim.toml`, component `booked`, field `draws[0].high`: `high` 0.8 is below `low` 1.2",
        ),
        (
            "[[draws]]\ncomponent = 'r'\ndistribution = 'empirical'\nhistory = []\n",
            "invalid input: file `sim.toml`, component `r`, field `draws[0].history`: an empirical distribution needs at least one past value",
        ),
        (
            "[[correlations]]\nbetween = ['a', 'b', 'c']\nrho = 0.5\n",
            "invalid input: file `sim.toml`, field `correlations[0].between`: names 3 components; a correlation is between two, such as `between = [\"booked\", \"pipeline\"]`",
        ),
        (
            "precision = 13\n",
            "invalid input: file `sim.toml`, field `precision`: is 13; draws are rounded to at most 12 decimal places",
        ),
        (
            "[[participants]]\nparticipant = 'ann'\nplan = 'demand-generation'\ntargets = { pipeline = 'lots' }\n",
            "invalid input: file `sim.toml` line 4 column 24, participant `ann`, field `participants[0].targets.pipeline`: `lots` is not a decimal number; write it like `1250`, `0.75`, `\"0.1\"` or `\"75%\"`",
        ),
    ];
    for (text, message) in cases {
        assert_eq!(error(text).to_string(), message, "{text}");
    }
}

#[test]
fn a_missing_inputs_file_is_an_io_error_naming_it() {
    let err = error("inputs = ['no-such-file.toml']\n");
    assert!(matches!(err, Error::Io(_)), "{err:?}");
    assert_eq!(err.details().file.as_deref(), Some("no-such-file.toml"));
}

#[test]
fn a_commission_plan_in_the_roster_is_refused_when_run() {
    let file = SimulationFile::from_toml(
        "[[participants]]\nparticipant = 'rae'\nplan = 'reseller-commission'\n",
        "sim.toml",
    )
    .unwrap();
    let err = file.run(&plans()).unwrap_err();
    assert!(
        err.to_string()
            .contains("pays commission on transaction lines"),
        "{err}"
    );
}
