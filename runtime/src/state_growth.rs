//! What each hot call makes the chain keep, against the deposit it holds (issues 16 and 17).
//!
//! Every byte a call adds under the provenance pallets' storage is counted (keys and values),
//! together with the change in the caller's held balance. The test prints the table recorded
//! in docs/PERFORMANCE.md ("State growth") and fails if a call keeps bytes that no deposit
//! pays for, except the index entries listed in [`UNPAID`], which are known and measured.
//!   SKIP_WASM_BUILD=1 cargo test --release -p provenance-runtime --lib state_growth -- --nocapture
#![allow(clippy::arithmetic_side_effects)]

use std::collections::BTreeMap;

use frame_support::traits::{fungible::InspectHold, PalletInfoAccess};
use provenance_primitives::{DatasetId, Purpose};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Dave};

use crate::{
	tests::consent_checked_training::{account, dataset, grant, new_ext, train},
	Balance, Balances, Consent, Datasets, Lineage, Rewards, UNIT,
};

/// The storage items that grow without a deposit: `(pallet, item)`. Each is an index or a
/// ledger entry that the pallet's record deposit does not cover (issue 16's measurement).
/// `GrantModels`, which grows with the square of a fine-tune chain's depth, is paid for by
/// the model deposit since spec 110; `GrantModelCount` is one counter per grant ever used.
/// Storage entries each call of the test writes (adds, removes or changes), without the
/// signer's account and nonce that every signed extrinsic writes. These are the physical cost
/// behind docs/PERFORMANCE.md's throughput ratios; a new index moves them and fails the test.
const ENTRIES: &[(&str, usize)] = &[
	("balances.transfer_keep_alive", 2),
	("datasets.register_dataset", 5),
	("consent.grant_consent", 7),
	("lineage.register_model (1 input)", 12),
	("lineage.register_model (fine-tune, depth 1)", 15),
	("lineage.register_model (fine-tune, depth 2)", 17),
	("lineage.register_model (fine-tune, depth 3)", 19),
	("lineage.register_model (fine-tune, depth 4)", 21),
	("rewards.pay_usage (5 generations)", 15),
];

const UNPAID: &[(&str, &str)] = &[
	("Lineage", "GrantModelCount"),
	("Datasets", "GrantDatasetCount"),
	("Rewards", "Claimable"),
	("Rewards", "Earnings"),
	// One value for the whole chain, written by the first payment.
	("Rewards", "TotalClaimable"),
];

/// Every `(pallet, storage item) -> bytes` under the provenance pallets.
fn snapshot() -> BTreeMap<(String, String), u64> {
	let pallets = [
		(Datasets::name(), Datasets::storage_info_names()),
		(Consent::name(), Consent::storage_info_names()),
		(Lineage::name(), Lineage::storage_info_names()),
		(Rewards::name(), Rewards::storage_info_names()),
	];
	let mut sizes = BTreeMap::new();
	for (pallet, items) in pallets {
		for item in items {
			let prefix = frame_support::storage::storage_prefix(pallet.as_bytes(), item.as_bytes());
			let mut key = prefix.to_vec();
			let mut bytes = 0u64;
			if let Some(v) = sp_io::storage::get(&key) {
				bytes += (key.len() + v.len()) as u64;
			}
			while let Some(next) = sp_io::storage::next_key(&key) {
				if !next.starts_with(&prefix) {
					break;
				}
				let len = sp_io::storage::get(&next).map_or(0, |v| v.len());
				bytes += (next.len() + len) as u64;
				key = next;
			}
			if bytes > 0 {
				sizes.insert((pallet.to_string(), item), bytes);
			}
		}
	}
	sizes
}

trait StorageNames {
	fn storage_info_names() -> Vec<String>;
}

impl<P: frame_support::traits::StorageInfoTrait> StorageNames for P {
	fn storage_info_names() -> Vec<String> {
		P::storage_info()
			.into_iter()
			.map(|i| String::from_utf8_lossy(&i.storage_name).into_owned())
			.collect()
	}
}

/// Every storage key with its value, but the per-block event log (`System::Events`,
/// `EventCount`, `EventTopics`) that every call appends to.
fn every_entry() -> BTreeMap<Vec<u8>, Vec<u8>> {
	let skip: Vec<[u8; 32]> = ["Events", "EventCount", "EventTopics"]
		.iter()
		.map(|item| frame_support::storage::storage_prefix(b"System", item.as_bytes()))
		.collect();
	let mut entries = BTreeMap::new();
	let mut key = Vec::new();
	while let Some(next) = sp_io::storage::next_key(&key) {
		if !skip.iter().any(|prefix| next.starts_with(prefix)) {
			if let Some(v) = sp_io::storage::get(&next) {
				entries.insert(next.clone(), v.to_vec());
			}
		}
		key = next;
	}
	entries
}

/// How many storage entries differ between two states: added, removed or changed.
fn changed(before: &BTreeMap<Vec<u8>, Vec<u8>>, after: &BTreeMap<Vec<u8>, Vec<u8>>) -> usize {
	let gone = before.keys().filter(|k| !after.contains_key(*k)).count();
	gone + after.iter().filter(|(k, v)| before.get(*k) != Some(*v)).count()
}

struct Growth {
	call: &'static str,
	/// Storage entries the call added, removed or changed: what the database must commit.
	entries: usize,
	paid: u64,
	paid_items: Vec<String>,
	unpaid: BTreeMap<String, u64>,
	deposit: Balance,
}

/// Runs `f` as `who` and measures what it added.
fn measure(call: &'static str, who: &crate::AccountId, f: impl FnOnce()) -> Growth {
	let before = snapshot();
	let entries_before = every_entry();
	let held = Balances::total_balance_on_hold(who);
	f();
	let after = snapshot();
	let entries = changed(&entries_before, &every_entry());
	let mut paid = 0;
	let mut paid_items = Vec::new();
	let mut unpaid = BTreeMap::new();
	for (key, bytes) in &after {
		let grew = bytes.saturating_sub(before.get(key).copied().unwrap_or(0));
		if grew == 0 {
			continue;
		}
		if UNPAID.iter().any(|(p, i)| key.0 == *p && key.1 == *i) {
			unpaid.insert(format!("{}::{}", key.0, key.1), grew);
		} else {
			paid += grew;
			paid_items.push(format!("{}::{} {grew}", key.0, key.1));
		}
	}
	let deposit = Balances::total_balance_on_hold(who).saturating_sub(held);
	Growth { call, entries, paid, paid_items, unpaid, deposit }
}

fn print(rows: &[Growth]) {
	println!(
		"| call | entries written | bytes under a deposit | deposit held | per byte | bytes \
		 without a deposit |"
	);
	println!("| --- | --- | --- | --- | --- | --- |");
	for g in rows {
		let per_byte = if g.paid == 0 { 0 } else { g.deposit / Balance::from(g.paid) };
		let unpaid: Vec<String> = g.unpaid.iter().map(|(k, v)| format!("{k} {v}")).collect();
		println!(
			"| `{}` | {} | {} | {} mUNIT | {} pUNIT | {} |",
			g.call,
			g.entries,
			g.paid,
			g.deposit / (UNIT / 1_000),
			per_byte,
			if unpaid.is_empty() { "none".into() } else { unpaid.join(", ") }
		);
	}
}

#[test]
fn every_byte_a_hot_call_keeps_is_paid_for_or_a_known_index() {
	new_ext().execute_with(|| {
		let alice = account(Alice);
		let bob = account(Bob);
		let mut rows = Vec::new();
		// A transfer to a new account: the baseline the throughput ratios compare with.
		let eve = account(sp_keyring::Sr25519Keyring::Eve);
		rows.push(measure("balances.transfer_keep_alive", &alice, || {
			frame_support::assert_ok!(Balances::transfer_keep_alive(
				crate::RuntimeOrigin::signed(alice.clone()),
				sp_runtime::MultiAddress::Id(eve.clone()),
				UNIT
			));
		}));
		let mut d: DatasetId = 0;
		rows.push(measure("datasets.register_dataset", &alice, || d = dataset(1)));
		let mut g = 0;
		rows.push(measure("consent.grant_consent", &alice, || {
			g = grant(d, Bob, &[Purpose::Training, Purpose::FineTuning], None, None)
		}));
		let mut m = 0;
		rows.push(measure("lineage.register_model (1 input)", &bob, || {
			m = train(1, Purpose::Training, vec![], vec![(d, g)]).expect("trains")
		}));
		// A fine-tune chain: each generation re-indexes every grant of its ancestry.
		let mut parent = m;
		for depth in 1..=4u64 {
			let call = match depth {
				1 => "lineage.register_model (fine-tune, depth 1)",
				2 => "lineage.register_model (fine-tune, depth 2)",
				3 => "lineage.register_model (fine-tune, depth 3)",
				_ => "lineage.register_model (fine-tune, depth 4)",
			};
			let d2 = dataset(10 + depth);
			let g2 = grant(d2, Bob, &[Purpose::FineTuning], None, None);
			rows.push(measure(call, &bob, || {
				parent = train(
					100 + depth,
					Purpose::FineTuning,
					vec![(parent, pallet_lineage::RunKind::FineTune)],
					vec![(d2, g2)],
				)
				.expect("fine-tunes")
			}));
		}
		let dave = account(Dave);
		frame_support::assert_ok!(
			<Balances as frame_support::traits::fungible::Mutate<_>>::mint_into(
				&dave,
				1_000 * UNIT
			)
		);
		rows.push(measure("rewards.pay_usage (5 generations)", &dave, || {
			Rewards::do_pay_usage(dave.clone(), parent, 10 * UNIT).expect("pays");
		}));
		print(&rows);
		let written: Vec<(&str, usize)> = rows.iter().map(|g| (g.call, g.entries)).collect();
		assert_eq!(
			written, ENTRIES,
			"the entries a hot call writes moved; record them if intended"
		);
		for g in &rows {
			assert!(
				g.deposit > 0 || g.paid == 0,
				"{} keeps {} bytes for no deposit: {:?}",
				g.call,
				g.paid,
				g.paid_items
			);
		}
	});
}
