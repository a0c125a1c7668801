package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// clockTick is the kernel's unit of CPU time in /proc (USER_HZ, 100 on
// Linux).
const clockTick = 10 * time.Millisecond

// cpuUse is the CPU time spent during a phase, by whom.
type cpuUse struct {
	wall     time.Duration
	machine  time.Duration   // every core's busy time
	replicas []time.Duration // each replica's
	bench    time.Duration   // this process: the subscribers' client
}

// other is what the machine spent besides the replicas and the bench:
// PostgreSQL, the kernel's networking (not charged to a process), and any
// other work on the machine.
func (c cpuUse) other() time.Duration {
	o := c.machine - c.bench
	for _, r := range c.replicas {
		o -= r
	}
	return max(0, o)
}

func (c cpuUse) String() string {
	var parts []string
	for i, r := range c.replicas {
		parts = append(parts, fmt.Sprintf("replica %s %.1f s", replicaName(i), r.Seconds()))
	}
	return fmt.Sprintf("%s, subscribers' client %.1f s, the rest (PostgreSQL, the kernel's loopback networking, other work on the machine) %.1f s: %.1f s of the %.1f s the cores had",
		strings.Join(parts, ", "), c.bench.Seconds(), c.other().Seconds(), c.machine.Seconds(), c.wall.Seconds()*float64(runtime.NumCPU()))
}

// cpuMeter reads the CPU times at the start of a phase.
type cpuMeter struct {
	start    time.Time
	machine  time.Duration
	replicas []time.Duration
	bench    time.Duration
	pids     []int
}

func startCPU(replicas []*replica) *cpuMeter {
	m := &cpuMeter{start: time.Now(), machine: machineBusy(), bench: processCPU(os.Getpid())}
	for _, r := range replicas {
		m.pids = append(m.pids, r.cmd.Process.Pid)
		m.replicas = append(m.replicas, processCPU(r.cmd.Process.Pid))
	}
	return m
}

func (m *cpuMeter) stop() cpuUse {
	u := cpuUse{wall: time.Since(m.start), machine: machineBusy() - m.machine, bench: processCPU(os.Getpid()) - m.bench}
	for i, pid := range m.pids {
		u.replicas = append(u.replicas, processCPU(pid)-m.replicas[i])
	}
	return u
}

// processCPU is a process's user and system time (/proc/PID/stat).
func processCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: fields count
	// from its end. utime and stime are fields 14 and 15.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * clockTick
}

// machineBusy is every core's time not idle since boot (/proc/stat).
func machineBusy() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	var busy int64
	for i, v := range strings.Fields(line)[1:] {
		n, _ := strconv.ParseInt(v, 10, 64)
		// user nice system idle iowait irq softirq steal guest guest_nice:
		// idle and iowait are not busy; guest time is counted in user.
		if i != 3 && i != 4 && i < 8 {
			busy += n
		}
	}
	return time.Duration(busy) * clockTick
}
