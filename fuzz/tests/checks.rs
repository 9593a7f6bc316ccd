//! The checks themselves: each must notice the break it is there for, or a quiet fuzz run
//! would mean nothing.

use frame_support::traits::fungible::Mutate;
use provenance_fuzz::{
	calls, invariants,
	world::{genesis_storage, Accounts},
};
use provenance_runtime::{Balances, Rewards, Runtime, RuntimeCall, System, UNIT};

fn ext() -> sp_io::TestExternalities {
	let mut ext = sp_io::TestExternalities::new(genesis_storage(&Accounts::new()));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

#[test]
fn a_fresh_genesis_passes_every_check() {
	ext().execute_with(|| {
		assert_eq!(invariants::pallets_hold(), Ok(()));
		assert_eq!(invariants::issuance_matches_accounts(0), Ok(()));
	});
}

#[test]
fn an_issuance_change_without_an_event_is_caught() {
	ext().execute_with(|| {
		let before = invariants::total_issuance();
		pallet_balances::TotalIssuance::<Runtime>::put(before + 1);
		let events: Vec<_> = System::events().into_iter().map(|r| r.event).collect();
		assert_eq!(invariants::follow(before, &events).expected, before);
		assert!(invariants::issuance_matches_accounts(0).is_err());
	});
}

#[test]
fn a_mint_with_its_event_is_explained() {
	ext().execute_with(|| {
		System::reset_events();
		let before = invariants::total_issuance();
		let who = Accounts::new().actors[0].account.clone();
		assert!(Balances::mint_into(&who, UNIT).is_ok());
		let events: Vec<_> = System::events().into_iter().map(|r| r.event).collect();
		let change = invariants::follow(before, &events);
		assert_eq!(change.expected, invariants::total_issuance());
		assert_eq!(change.minted, UNIT);
		assert_eq!(invariants::issuance_matches_accounts(0), Ok(()));
	});
}

#[test]
fn an_insolvent_rewards_pot_is_caught() {
	ext().execute_with(|| {
		pallet_rewards::TotalClaimable::<Runtime>::put(UNIT);
		pallet_rewards::Claimable::<Runtime>::insert(
			Accounts::new().actors[0].account.clone(),
			UNIT,
		);
		let err = invariants::pallets_hold().expect_err("the pot owes more than it holds");
		assert!(err.contains("Rewards"), "{err}");
		assert!(Rewards::ensure_solvent().is_err());
	});
}

#[test]
fn wrapped_storage_writes_are_never_dispatched() {
	let kill = RuntimeCall::System(frame_system::Call::kill_prefix { prefix: vec![], subkeys: 1 });
	let batch = RuntimeCall::Utility(pallet_utility::Call::batch { calls: vec![kill] });
	let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(batch) });
	assert!(calls::forbidden(&sudo));
	assert!(calls::may_escalate(&sudo));
	let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
	assert!(!calls::forbidden(&remark));
	assert!(!calls::may_escalate(&remark));
}

#[test]
fn a_council_that_is_not_its_membership_is_caught() {
	use pallet_collective::Instance1;
	ext().execute_with(|| {
		let members = pallet_collective::Members::<Runtime, Instance1>::get();
		let first = members.first().cloned().expect("the development council");
		// The prime dropped by the council alone.
		pallet_membership::Prime::<Runtime, Instance1>::put(first.clone());
		let err = invariants::council_is_its_membership().expect_err("prime mismatch");
		assert!(err.contains("prime"), "{err}");
		pallet_collective::Prime::<Runtime, Instance1>::put(first.clone());
		assert_eq!(invariants::council_is_its_membership(), Ok(()));
		// A duplicate seat.
		let mut seated = members.clone();
		seated.push(first);
		pallet_collective::Members::<Runtime, Instance1>::put(seated);
		assert!(invariants::council_is_its_membership().is_err());
	});
}
