/**
 * Toll fraud: what the PBX may dial out to the trunk (denied and allowed destination prefixes),
 * how much (calls per minute, concurrent calls, international calls per hour, per extension and
 * for the whole trunk, with office-hours and off-hours limits) and for how long (a deadline per
 * call that the proxy enforces), with a graded response: alert, national calls only, reject,
 * suspend.
 */
package io.bulwark.inspection.toll;
