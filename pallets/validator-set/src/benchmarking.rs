//! Benchmarks for both calls, each at the worst case the bounds allow: the set as full as
//! the call allows, and the account looked for at its end (or absent).

use super::*;
use codec::{Decode, Encode};
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use sp_runtime::traits::TrailingZeroInput;

fn assert_last_event<T: Config>(event: Event<T>) {
	let event: <T as Config>::RuntimeEvent = event.into();
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

/// Replaces the set with `n` fresh accounts.
fn fill<T: Config>(n: u32) -> Result<(), BenchmarkError> {
	let validators: Vec<T::AccountId> = (0..n).map(|i| account("validator", i, 0)).collect();
	let bounded = BoundedVec::try_from(validators)
		.map_err(|_| BenchmarkError::Stop("more validators than MaxValidators"))?;
	Validators::<T>::put(bounded);
	SetChanged::<T>::kill();
	Ok(())
}

/// Registers session keys for `who` straight in the session pallet's `NextKeys`, which is
/// all `add_validator` reads. The keys are decoded from `who`'s encoding padded with zeros:
/// any runtime's keys decode from bytes (public keys are plain byte arrays), so this needs no
/// keystore, no ownership proof and no `Default` for the keys.
fn register_keys<T: Config>(who: &T::AccountId) -> Result<(), BenchmarkError> {
	let seed = who.encode();
	let keys = <T as pallet_session::Config>::Keys::decode(&mut TrailingZeroInput::new(&seed))
		.map_err(|_| BenchmarkError::Stop("session keys do not decode from bytes"))?;
	pallet_session::NextKeys::<T>::insert(who, keys);
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `MaxValidators - 1` validators, so that the new one is the last that fits, and the
	/// duplicate check scans them all.
	#[benchmark]
	fn add_validator() -> Result<(), BenchmarkError> {
		fill::<T>(T::MaxValidators::get().saturating_sub(1))?;
		let who: T::AccountId = account("candidate", 0, 0);
		register_keys::<T>(&who)?;
		let origin =
			T::AddRemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Validators::<T>::get().contains(&who));
		assert!(SetChanged::<T>::get());
		assert_last_event::<T>(Event::ValidatorAdded { who });
		Ok(())
	}

	/// A full set, removing the last validator.
	#[benchmark]
	fn remove_validator() -> Result<(), BenchmarkError> {
		let max = T::MaxValidators::get();
		if max as usize <= Pallet::<T>::floor() {
			// A set that never holds more than its minimum cannot lose anyone.
			return Err(BenchmarkError::Stop("MaxValidators is not above MinValidators"));
		}
		fill::<T>(max)?;
		let who: T::AccountId = account("validator", max.saturating_sub(1), 0);
		let origin =
			T::AddRemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Validators::<T>::get().contains(&who));
		assert!(SetChanged::<T>::get());
		assert_last_event::<T>(Event::ValidatorRemoved { who });
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
