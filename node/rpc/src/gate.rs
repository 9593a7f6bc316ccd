//! A bound on how many auditor runtime calls run at once.
//!
//! Every `datasets_*`, `consent_*`, `lineage_*` and `rewards_*` method runs on tokio's
//! blocking pool, which grows to hundreds of threads, and each runtime call takes a Wasm
//! instance. The node keeps `--max-runtime-instances` of them (8 by default), shared with
//! block authoring, import and the transaction pool, and builds a fresh one, a slow,
//! memory-hungry step, for every call beyond that. Under a load of
//! pipelined export batches that meant thousands of instantiations a second and a node that
//! held 1.2 GB. Each runtime call made for an RPC method takes a permit here first; a call
//! that cannot get one within [`QUERY_WAIT`] is answered with [`crate::error::BUSY`].

use std::{
	sync::{Condvar, Mutex, PoisonError},
	time::{Duration, Instant},
};

/// How many runtime calls for RPC methods may run at once, unless the node sets another
/// figure with [`set_concurrent_queries`] (it gives them half of `--max-runtime-instances`).
pub const DEFAULT_CONCURRENT_QUERIES: usize = 4;

/// How long a runtime call waits for a permit before the method answers "busy".
pub const QUERY_WAIT: Duration = Duration::from_secs(20);

/// A counting semaphore for blocking threads.
pub struct Gate {
	/// (running, limit)
	state: Mutex<(usize, usize)>,
	freed: Condvar,
}

impl Gate {
	pub const fn new(limit: usize) -> Self {
		Self { state: Mutex::new((0, if limit == 0 { 1 } else { limit })), freed: Condvar::new() }
	}

	pub fn set_limit(&self, limit: usize) {
		let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
		state.1 = limit.max(1);
		self.freed.notify_all();
	}

	/// Runtime calls running now.
	pub fn running(&self) -> usize {
		self.state.lock().unwrap_or_else(PoisonError::into_inner).0
	}

	/// A permit, waiting at most `wait` for one; `None` if none came.
	pub fn enter(&self, wait: Duration) -> Option<Permit<'_>> {
		let deadline = Instant::now().checked_add(wait);
		let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
		while state.0 >= state.1 {
			let left = deadline.map_or(wait, |d| d.saturating_duration_since(Instant::now()));
			if left.is_zero() {
				return None;
			}
			state = match self.freed.wait_timeout(state, left) {
				Ok((guard, _)) => guard,
				Err(poisoned) => poisoned.into_inner().0,
			};
		}
		state.0 = state.0.saturating_add(1);
		Some(Permit { gate: self })
	}
}

/// Held while one runtime call runs.
pub struct Permit<'a> {
	gate: &'a Gate,
}

impl Drop for Permit<'_> {
	fn drop(&mut self) {
		let mut state = self.gate.state.lock().unwrap_or_else(PoisonError::into_inner);
		state.0 = state.0.saturating_sub(1);
		self.gate.freed.notify_one();
	}
}

static QUERIES: Gate = Gate::new(DEFAULT_CONCURRENT_QUERIES);

/// Sets how many runtime calls for RPC methods may run at once (at least 1).
pub fn set_concurrent_queries(limit: usize) {
	QUERIES.set_limit(limit);
}

/// A permit for one runtime call, or the "busy" error an RPC method returns.
pub(crate) fn permit() -> jsonrpsee::core::RpcResult<Permit<'static>> {
	QUERIES.enter(QUERY_WAIT).ok_or_else(crate::error::busy)
}

#[cfg(test)]
mod tests {
	use std::{sync::Arc, thread};

	use super::*;

	#[test]
	fn no_more_than_the_limit_run_at_once_and_the_rest_wait_their_turn() {
		let gate = Arc::new(Gate::new(2));
		let peak = Arc::new(Mutex::new(0usize));
		let threads: Vec<_> = (0..8)
			.map(|_| {
				let (gate, peak) = (gate.clone(), peak.clone());
				thread::spawn(move || {
					let permit = gate.enter(Duration::from_secs(30));
					assert!(permit.is_some(), "every caller gets its turn");
					{
						let mut peak = peak.lock().unwrap_or_else(PoisonError::into_inner);
						*peak = (*peak).max(gate.running());
					}
					thread::sleep(Duration::from_millis(20));
				})
			})
			.collect();
		for t in threads {
			assert!(t.join().is_ok());
		}
		assert_eq!(*peak.lock().unwrap_or_else(PoisonError::into_inner), 2);
		assert_eq!(gate.running(), 0, "every permit is given back");
	}

	#[test]
	fn a_caller_that_cannot_get_a_permit_in_time_is_refused() {
		let gate = Gate::new(1);
		let held = gate.enter(Duration::ZERO);
		assert!(held.is_some());
		assert!(gate.enter(Duration::from_millis(30)).is_none());
		drop(held);
		assert!(gate.enter(Duration::ZERO).is_some());
	}

	#[test]
	fn raising_the_limit_lets_a_waiting_caller_in() {
		let gate = Arc::new(Gate::new(1));
		let held = gate.enter(Duration::ZERO);
		let waiter = {
			let gate = gate.clone();
			thread::spawn(move || gate.enter(Duration::from_secs(30)).is_some())
		};
		thread::sleep(Duration::from_millis(30));
		gate.set_limit(2);
		assert!(matches!(waiter.join(), Ok(true)));
		drop(held);
	}
}
