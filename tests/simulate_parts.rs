//! A simulation split into parts (issue 15: trials across Spark
//! partitions) and its independence from the roster's order (issue 16,
//! defect 4): each trial is seeded by its index and each participant's
//! draws by the trial and the participant, so any split and any order give
//! the same report, byte for byte.

use incentive::simulate::{Distribution, SimulationPart};
use incentive::{ErrorKind, Inputs, Simulation};
use rust_decimal_macros::dec;

use crate::plans;

/// 40 participants on three plans, in roster order.
fn roster() -> Vec<Inputs> {
    (0..40)
        .map(|i| match i % 3 {
            0 => Inputs::new(format!("dg{i:02}"), "demand-generation")
                .target("pipeline", dec!(2000000))
                .rating("campaign_effectiveness", dec!(3)),
            1 => Inputs::new(format!("pm{i:02}"), "product-manager")
                .actual("opportunities", dec!(200))
                .target("booked", dec!(2000000))
                .target("pipeline", dec!(6000000))
                .target("close_rate", dec!(0.25))
                .rating("market_perception", dec!(3))
                .rating("field_readiness", dec!(3)),
            _ => Inputs::new(format!("ch{i:02}"), "channel-marketing")
                .target("channel_pipeline", dec!(4000000))
                .rating("partner_satisfaction", dec!(3))
                .rating("channel_strategy", dec!(3)),
        })
        .collect()
}

fn simulation<'a>(plans: &'a incentive::PlanSet, people: &'a [Inputs]) -> Simulation<'a> {
    Simulation::new(plans, people)
        .draw(
            "pipeline",
            Distribution::normal(dec!(1.0), dec!(0.25)).unwrap(),
        )
        .draw(
            "booked",
            Distribution::lognormal(dec!(0), dec!(0.3)).unwrap(),
        )
        .draw(
            "channel_pipeline",
            Distribution::uniform(dec!(0.6), dec!(1.4)).unwrap(),
        )
        .draw(
            "campaign_effectiveness",
            Distribution::empirical(vec![dec!(2), dec!(3), dec!(3), dec!(4), dec!(5)]).unwrap(),
        )
        .draw(
            "close_rate",
            Distribution::normal(dec!(1), dec!(0.15)).unwrap(),
        )
        .correlate("pipeline", "campaign_effectiveness", dec!(0.5))
        .revenue("booked")
        .trials(500)
        .seed(2026)
}

fn check_roster() -> Vec<Inputs> {
    let people = roster();
    // The roster must use the plans the simulation draws from.
    let plans = plans();
    for p in &people {
        assert!(plans.get(p.plan()).is_some(), "{}", p.plan());
    }
    people
}

#[test]
fn any_roster_order_gives_the_same_report() {
    let plans = plans();
    let people = check_roster();
    let report = simulation(&plans, &people).run().unwrap();
    let mut reversed = people.clone();
    reversed.reverse();
    assert_eq!(simulation(&plans, &reversed).run().unwrap(), report);
    // Interleaved: evens then odds.
    let shuffled: Vec<Inputs> = people
        .iter()
        .step_by(2)
        .chain(people.iter().skip(1).step_by(2))
        .cloned()
        .collect();
    assert_eq!(simulation(&plans, &shuffled).run_serial().unwrap(), report);
    assert!(report.p5 < report.p95, "{report}");
}

#[test]
fn a_participants_draws_do_not_depend_on_who_else_is_simulated() {
    let plans = plans();
    let people = check_roster();
    let all = simulation(&plans, &people).run().unwrap();
    // Only the demand-generation people: their plan's cost is the same.
    let dg: Vec<Inputs> = people
        .iter()
        .filter(|p| p.plan() == "demand-generation")
        .cloned()
        .collect();
    let alone = simulation(&plans, &dg).run().unwrap();
    let cost = |r: &incentive::simulate::SimulationReport| {
        r.by_role
            .iter()
            .find(|(p, _)| p == "demand-generation")
            .map(|(_, v)| *v)
            .unwrap()
    };
    assert_eq!(cost(&alone), cost(&all));
    assert_eq!(alone.mean_cost, cost(&alone));
    assert!(alone.mean_cost < all.mean_cost);
}

#[test]
fn parts_in_any_split_and_order_combine_to_the_run() {
    let plans = plans();
    let people = check_roster();
    let sim = simulation(&plans, &people);
    let report = sim.run().unwrap();
    for cuts in [
        vec![0, 500],
        vec![0, 250, 500],
        vec![0, 1, 64, 65, 200, 499, 500],
        vec![0, 71, 142, 213, 284, 355, 426, 500],
    ] {
        let mut parts: Vec<SimulationPart> = cuts
            .windows(2)
            .map(|w| sim.run_trials(w[0], w[1]).unwrap())
            .collect();
        parts.reverse();
        assert_eq!(sim.combine(parts).unwrap(), report, "cuts {cuts:?}");
    }
}

#[test]
fn parts_travel_as_json() {
    let plans = plans();
    let people = check_roster();
    let sim = simulation(&plans, &people);
    let texts: Vec<String> = [(0, 100), (100, 333), (333, 500)]
        .into_iter()
        .map(|(a, b)| serde_json::to_string(&sim.run_trials(a, b).unwrap()).unwrap())
        .collect();
    let parts: Vec<SimulationPart> = texts
        .iter()
        .map(|t| serde_json::from_str(t).unwrap())
        .collect();
    assert_eq!(parts[1].from(), 100);
    assert_eq!(parts[1].to(), 333);
    assert_eq!(sim.combine(parts).unwrap(), sim.run().unwrap());
}

#[test]
fn parts_that_overlap_leave_trials_out_or_come_from_elsewhere_are_refused() {
    let plans = plans();
    let people = check_roster();
    let sim = simulation(&plans, &people);
    let a = sim.run_trials(0, 300).unwrap();
    let b = sim.run_trials(250, 500).unwrap();
    let c = sim.run_trials(300, 500).unwrap();
    let err = sim.combine([a.clone(), b]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.details().field.as_deref(), Some("parts"));
    assert!(
        err.to_string().contains("overlap at trials 250..300"),
        "{err}"
    );
    let err = sim.combine([c.clone()]).unwrap_err();
    assert!(err.to_string().contains("leave out trials 0..300"), "{err}");
    let err = sim.combine([a.clone()]).unwrap_err();
    assert!(
        err.to_string().contains("leave out trials 300..500"),
        "{err}"
    );
    // Another seed, or other participants.
    let other = simulation(&plans, &people)
        .seed(1)
        .run_trials(300, 500)
        .unwrap();
    let err = sim.combine([a.clone(), other]).unwrap_err();
    assert!(
        err.to_string().contains("was run on another simulation"),
        "{err}"
    );
    let fewer = &people[..39];
    let other = simulation(&plans, fewer).run_trials(300, 500).unwrap();
    assert!(sim.combine([a.clone(), other]).is_err());
    // A forged part with one total too few.
    let mut json: serde_json::Value = serde_json::to_value(&c).unwrap();
    json["acc"]["totals"].as_array_mut().unwrap().pop();
    let forged: SimulationPart = serde_json::from_value(json).unwrap();
    let err = sim.combine([a, forged]).unwrap_err();
    assert!(
        err.to_string().contains("was run on another simulation"),
        "{err}"
    );
    // Ranges outside the trials.
    for (from, to) in [(0, 0), (10, 5), (400, 501)] {
        let err = sim.run_trials(from, to).unwrap_err();
        assert_eq!(err.details().field.as_deref(), Some("trials"), "{err}");
    }
}

#[test]
fn a_participant_twice_under_one_plan_is_refused() {
    let plans = plans();
    let mut people = check_roster();
    people.push(people[4].clone());
    let err = simulation(&plans, &people).run().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Duplicate);
    assert_eq!(err.details().participant.as_deref(), Some("pm04"));
    assert_eq!(err.details().plan.as_deref(), Some("product-manager"));
}

#[test]
fn two_participants_with_the_same_inputs_draw_differently() {
    let plans = plans();
    let one = |id: &str| {
        Inputs::new(id, "demand-generation")
            .target("pipeline", dec!(2000000))
            .rating("campaign_effectiveness", dec!(3))
    };
    let alone = [one("a")];
    let pair = [one("a"), one("b")];
    let sim = |people| {
        Simulation::new(&plans, people)
            .draw(
                "pipeline",
                Distribution::normal(dec!(1.0), dec!(0.25)).unwrap(),
            )
            .trials(500)
            .seed(3)
            .run()
            .unwrap()
    };
    let (a, ab) = (sim(&alone[..]), sim(&pair[..]));
    // Were their streams the same, each trial would pay both alike: the
    // pair's mean and median trials would cost twice a's.
    assert_ne!(ab.mean_cost, a.mean_cost * dec!(2));
    assert_ne!(ab.p50, a.p50 * dec!(2));
}
