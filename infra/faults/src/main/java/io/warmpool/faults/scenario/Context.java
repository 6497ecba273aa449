package io.warmpool.faults.scenario;

import io.warmpool.faults.FaultOptions;
import io.warmpool.faults.load.Load;
import io.warmpool.faults.stack.Stack;

/** What a scenario's fault works on: the stack under test, the load running against it, the run's sizes. */
public record Context(Stack stack, Load load, FaultOptions options) {
}
