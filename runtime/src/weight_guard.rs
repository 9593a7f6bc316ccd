//! A regression guard on the weights of the hot calls, as charged before dispatch with the
//! arguments a typical user sends (issue 17). A re-benchmark on a busy machine, a new index
//! or a dropped refund moves them: this test notices, and a deliberate change updates the
//! recorded figures here together with docs/PERFORMANCE.md.
#![allow(clippy::arithmetic_side_effects)]

use frame_support::{traits::Get, weights::Weight};
use pallet_consent::WeightInfo as _;
use pallet_datasets::WeightInfo as _;

use crate::Runtime;

type DatasetsW = <Runtime as pallet_datasets::Config>::WeightInfo;
type ConsentW = <Runtime as pallet_consent::Config>::WeightInfo;
type Lineage = pallet_lineage::Pallet<Runtime>;
type Rewards = pallet_rewards::Pallet<Runtime>;
type BalancesW = <Runtime as pallet_balances::Config>::WeightInfo;

/// How far a charged weight may move from its recorded figure, either way: 1.5x. Runs of the
/// same benchmark on a quiet machine agree within about 20%.
const NUM: u64 = 3;
const DEN: u64 = 2;

fn charged() -> Vec<(&'static str, Weight)> {
	use pallet_balances::WeightInfo as _;
	let max_live = <Runtime as pallet_consent::Config>::MaxLiveGrants::get();
	let max_basis = <Runtime as pallet_lineage::Config>::MaxBasisGrants::get();
	vec![
		("balances.transfer_keep_alive", BalancesW::transfer_keep_alive()),
		// A 46-byte URI, a 9-byte licence, no contributor list.
		("datasets.register_dataset", DatasetsW::register_dataset(46, 9, 0)),
		("consent.grant_consent", ConsentW::grant_consent(max_live)),
		("consent.revoke_consent", ConsentW::revoke_consent()),
		// 24 bytes of name, version and URI; no parent, one input; charged up front for a
		// full basis, and after for the basis of one grant it wrote.
		("lineage.register_model", Lineage::register_weight(24, 0, 1, max_basis)),
		("lineage.register_model (refunded)", Lineage::register_weight(24, 0, 1, 1)),
		// A fine-tune of it with one more input: one parent, a basis of two grants.
		("lineage.register_model (fine-tune, refunded)", Lineage::register_weight(24, 1, 1, 2)),
		// Charged up front: the largest split (32 models, 32 datasets, 2,145 credits).
		("rewards.pay_usage", Rewards::max_pay_weight()),
		// Three generations of one dataset each, one contributor each: what the throughput
		// bench pays, as refunded.
		("rewards.pay_usage (3 generations, refunded)", Rewards::pay_weight(3, 3, 3, 6)),
	]
}

/// The figures recorded with the weights in `pallets/*/src/weights.rs` and
/// `runtime/src/weights/` at spec 111 (re-run on the slower machine of docs/PERFORMANCE.md,
/// "Base weights"; `pallet_balances` on the same machine at spec 112): `(ref_time in ps,
/// proof_size in bytes)`.
const RECORDED: &[(&str, u64, u64)] = &[
	("balances.transfer_keep_alive", 143119000, 3593),
	("datasets.register_dataset", 401247970, 6528),
	("consent.grant_consent", 801415131, 50912),
	("consent.revoke_consent", 223877000, 6528),
	("lineage.register_model", 24631605130, 724126),
	("lineage.register_model (refunded)", 610089145, 14061),
	("lineage.register_model (fine-tune, refunded)", 1278198446, 26134),
	("rewards.pay_usage", 207584642323, 5670864),
	("rewards.pay_usage (3 generations, refunded)", 1737025610, 51794),
];

fn within(now: u64, recorded: u64) -> bool {
	u128::from(now) * u128::from(DEN) <= u128::from(recorded) * u128::from(NUM)
		&& u128::from(recorded) * u128::from(DEN) <= u128::from(now) * u128::from(NUM)
}

#[test]
fn hot_call_weights_stay_near_the_recorded_ones() {
	let now = charged();
	let mut report = String::new();
	let mut moved = false;
	for (name, weight) in &now {
		let (_, ref_time, proof) =
			RECORDED.iter().find(|(n, ..)| n == name).copied().unwrap_or((name, 0, 0));
		let ok = within(weight.ref_time(), ref_time) && within(weight.proof_size(), proof);
		moved |= !ok;
		report.push_str(&format!(
			"\t(\"{name}\", {}, {}),{}\n",
			weight.ref_time(),
			weight.proof_size(),
			if ok { "" } else { " // moved" }
		));
	}
	assert!(
		!moved,
		"a hot call's charged weight moved past 1.5x of its recorded figure; if that is \
		 intended, record:\n{report}"
	);
}
