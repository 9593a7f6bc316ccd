//! What must hold after every call and every block.

use frame_support::{dispatch::DispatchInfo, weights::Weight};
use provenance_runtime::{
	Balance, Consent, Datasets, Lineage, Rewards, Runtime, RuntimeEvent, ValidatorSet,
};

/// Every provenance pallet's own invariants, the rewards pot's solvency, and that every hold
/// is backed.
pub fn pallets_hold() -> Result<(), String> {
	Datasets::do_try_state().map_err(|e| format!("Datasets::do_try_state: {e:?}"))?;
	Consent::do_try_state().map_err(|e| format!("Consent::do_try_state: {e:?}"))?;
	Lineage::do_try_state().map_err(|e| format!("Lineage::do_try_state: {e:?}"))?;
	Rewards::do_try_state().map_err(|e| format!("Rewards::do_try_state: {e:?}"))?;
	Rewards::ensure_solvent().map_err(|e| format!("Rewards::ensure_solvent: {e:?}"))?;
	ValidatorSet::do_try_state().map_err(|e| format!("ValidatorSet::do_try_state: {e:?}"))?;
	holds_are_reserved()?;
	council_is_its_membership()?;
	frame_pallets_hold()
}

/// With `try-runtime`, every FRAME pallet's `try_state` too.
#[cfg(feature = "try-runtime")]
fn frame_pallets_hold() -> Result<(), String> {
	use frame_support::traits::{PalletsInfoAccess, TryState, TryStateSelect};
	use provenance_runtime::AllPalletsWithSystem as All;
	let n = provenance_runtime::System::block_number();
	if <All as TryState<_>>::try_state(n, TryStateSelect::All).is_ok() {
		return Ok(());
	}
	// The combined check only logs which pallet failed: ask each.
	let failed: Vec<String> = All::infos()
		.into_iter()
		.filter_map(|info| {
			let only = TryStateSelect::Only(vec![info.name.as_bytes().to_vec()]);
			<All as TryState<_>>::try_state(n, only).err().map(|e| format!("{}: {e:?}", info.name))
		})
		.collect();
	Err(format!("try_state: {}", failed.join("; ")))
}

#[cfg(not(feature = "try-runtime"))]
fn frame_pallets_hold() -> Result<(), String> {
	Ok(())
}

/// The balances pallet's own books: no account holds more than it has reserved (holds are
/// part of the reserved balance), so that every deposit can be released.
pub fn holds_are_reserved() -> Result<(), String> {
	for (who, holds) in pallet_balances::Holds::<Runtime>::iter() {
		let held = holds.iter().fold(0u128, |sum, h| sum.saturating_add(h.amount));
		let reserved = frame_system::Account::<Runtime>::get(&who).data.reserved;
		if held > reserved {
			return Err(format!("{who:?} holds {held} but has only {reserved} reserved"));
		}
	}
	Ok(())
}

/// The council is exactly `CouncilMembership`'s members and prime, within `MaxMembers`: its
/// votes and prime default vote are only as legitimate as that list.
pub fn council_is_its_membership() -> Result<(), String> {
	use frame_support::traits::Get;
	use pallet_collective::Instance1;
	let council = pallet_collective::Members::<Runtime, Instance1>::get();
	let membership = pallet_membership::Members::<Runtime, Instance1>::get().into_inner();
	if council != membership {
		return Err(format!("council {council:?} is not its membership {membership:?}"));
	}
	let max = <<Runtime as pallet_collective::Config<Instance1>>::MaxMembers as Get<u32>>::get();
	if council.len() > max as usize {
		return Err(format!("the council has {} members, above MaxMembers {max}", council.len()));
	}
	let prime = pallet_collective::Prime::<Runtime, Instance1>::get();
	if prime != pallet_membership::Prime::<Runtime, Instance1>::get() {
		return Err(format!("the council's prime {prime:?} is not its membership's"));
	}
	match prime {
		Some(p) if !council.contains(&p) => Err(format!("the prime {p:?} is not a member")),
		_ => Ok(()),
	}
}

/// A call's actual weight, if it reported one above what it declared before dispatch.
pub fn overweight(info: &DispatchInfo, actual: Option<Weight>) -> Option<Weight> {
	actual.filter(|w| w.any_gt(info.total_weight()))
}

pub fn total_issuance() -> Balance {
	pallet_balances::TotalIssuance::<Runtime>::get()
}

/// What a run of events did to the total issuance.
#[derive(Clone, Copy, Debug, Default)]
pub struct IssuanceChange {
	/// The issuance the events lead to from where they started, with the balances pallet's
	/// saturating arithmetic.
	pub expected: Balance,
	pub minted: Balance,
	pub burned: Balance,
	/// The net change that `force_adjust_total_issuance` made without touching an account.
	pub forced: i128,
	/// Whether an amount was clamped at 0 or `u128::MAX` (Root forced the issuance out of
	/// line with the accounts): from then on the issuance no longer sums the accounts.
	pub saturated: bool,
}

/// Follows `events` from a total issuance of `from`: every event that mints or burns says
/// so, and nothing else changes the issuance. (`Slashed`, `Withdraw`, `Deposit` and
/// `DustLost` do not: the imbalance they leave is resolved or dropped, and the drop emits
/// its own `Rescinded`/`BurnedDebt`/`Issued`/`MintedCredit`.)
pub fn follow(from: Balance, events: &[RuntimeEvent]) -> IssuanceChange {
	use pallet_balances::Event as B;
	let mut change = IssuanceChange { expected: from, ..Default::default() };
	for event in events {
		let RuntimeEvent::Balances(event) = event else { continue };
		match event {
			B::Minted { amount, .. }
			| B::MintedCredit { amount }
			| B::Restored { amount, .. }
			| B::Issued { amount } => {
				change.saturated |= change.expected.checked_add(*amount).is_none();
				change.expected = change.expected.saturating_add(*amount);
				change.minted = change.minted.saturating_add(*amount);
			},
			B::Burned { amount, .. }
			| B::BurnedDebt { amount }
			| B::Suspended { amount, .. }
			| B::BurnedHeld { amount, .. }
			| B::Rescinded { amount } => {
				change.saturated |= change.expected < *amount;
				change.expected = change.expected.saturating_sub(*amount);
				change.burned = change.burned.saturating_add(*amount);
			},
			B::TotalIssuanceForced { old, new } => {
				// Wrapping: exact for any change below 2^127, whatever the amounts.
				change.forced = change.forced.wrapping_add(new.wrapping_sub(*old) as i128);
				change.expected = *new;
			},
			_ => {},
		}
	}
	change
}

/// Whether the total issuance is what every account holds, plus what was forced in. In
/// wrapping arithmetic, which is exact while the issuance never saturated: Root may set
/// balances whose sum does not fit a `u128` until they are set back.
pub fn issuance_matches_accounts(forced: i128) -> Result<(), String> {
	let mut held: Balance = 0;
	for account in frame_system::Account::<Runtime>::iter_values() {
		held = held.wrapping_add(account.data.free).wrapping_add(account.data.reserved);
	}
	let issuance = total_issuance();
	if held.wrapping_add(forced as u128) == issuance {
		Ok(())
	} else {
		Err(format!(
			"total issuance {issuance} != {held} held by accounts + {forced} forced by Root"
		))
	}
}
