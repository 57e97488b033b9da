/* contract.h: the results contract in one place. Every backend (native cases in cases/ (one C file a case), the
 * JavaScript cases run by node) writes results.json in Google Benchmark's schema with these names;
 * the report (plots/) and the regression gate read them by these names. harness/CONTRACT.md says
 * what each one means, in what unit, and who writes it. Names only: no code, no timing.
 *
 * Result names: FAMILY.VARIANT[/PARAM:VALUE]... (a node case: node.FAMILY.VARIANT/...), e.g.
 * msg.futex/peer:thread/place:l3/bytes:64. Parameters are data; a label never encodes one. */
#ifndef WT_CONTRACT_H
#define WT_CONTRACT_H

/* ---- parameters the report interprets (beyond plotting them against their numeric value) ---- */
#define WT_P_PLACE "place"       /* placement class: pu smt l2 l3 numa package machine */
#define WT_P_PEER "peer"         /* thread | process */
#define WT_P_BYTES "bytes"       /* payload size, bytes */
#define WT_P_MEM_MIB "mem_mib"   /* memory the parent holds, MiB */
#define WT_P_COST_NS "cost_ns"   /* nominal task cost, ns */
#define WT_P_WORKERS "workers"   /* pool size */
#define WT_P_LOAD "load"         /* offered load, % of capacity (pool.open) */
#define WT_P_LOAD_PCT "load_pct" /* offered load, % of capacity (stress.pool) */
#define WT_P_PER_PU "per_pu"     /* workers per PU (stress.oversub) */
#define WT_P_MODE "mode"         /* inline | thread | process | pool; node's pool.*: also fixed */
#define WT_P_SERVER "server"     /* http.*: c (wthttpd) | node (node:http) */

/* ---- fields of every benchmark entry (Google Benchmark's own) ---------------------------------- */
#define WT_F_REAL_TIME "real_time" /* manual time per operation, mean over a repetition (time_unit) */
#define WT_F_CPU_TIME "cpu_time"
#define WT_F_REP_INDEX "repetition_index"
#define WT_F_AGGREGATE "aggregate_name"
#define WT_F_RUN_NAME "run_name"
#define WT_F_ERROR "error_occurred"
#define WT_F_ERROR_MSG "error_message"

/* ---- the median aggregate's interval (harness/aggregate.c) --------------------------------------- */
#define WT_A_CI_LO "ci_lo_ns"
#define WT_A_CI_HI "ci_hi_ns"
#define WT_A_CI_REL "ci_rel"
#define WT_A_REPS "reps"
#define WT_A_PRECISE "precise"

/* ---- counters every timed case may carry (harness/run.c) --------------------------------------- */
#define WT_C_P50 "p50_ns"   /* per-operation histogram: median, ns */
#define WT_C_P99 "p99_ns"
#define WT_C_P999 "p999_ns"
#define WT_C_MAX "max_ns"
#define WT_C_MIGRATIONS "migrations"
#define WT_C_RETAKEN "retaken"
#define WT_C_SAMPLES "samples"         /* timed samples (run calls) in the repetition */
#define WT_C_BATCH "batch"             /* operations per sample */
#define WT_C_WARM_OPS "warm_ops"       /* untimed warm-up operations, and their ns */
#define WT_C_WARM_NS "warm_ns"
#define WT_C_WARM_STEADY "warm_steady" /* 1 when the warm-up reached steady state */

/* ---- counters of the families (the cases that write them) -------------------------------------- */
#define WT_C_ONE_WAY "one_way_ns"           /* msg.*, node.msg.*, calib.pingpong: half a round trip */
#define WT_C_CPU_PER_MSG "cpu_ns_per_msg"   /* msg.*: CPU both sides burn per round trip */
#define WT_C_BYTES_PER_S "bytes_per_second" /* xfer.*, calib.memcpy */
#define WT_C_COPIED_BPS "copied_bytes_per_second"
#define WT_C_TASKS_PER_S "tasks_per_second" /* pool.closed, stress.oversub, stress.pool, stress.fault */
#define WT_C_OVERHEAD "overhead_ratio"      /* pool.closed */
#define WT_C_NS_PER_TASK "ns_per_task"      /* pool.closed */
#define WT_C_TASK_NS "task_ns"              /* pool.closed, pool.open */
#define WT_C_PARALLEL "parallel"            /* pool.closed, pool.open: P */
#define WT_C_OVERHEAD_NS "overhead_ns"      /* pool.closed */
#define WT_C_OFFERED_PER_S "offered_per_s"  /* pool.open */
#define WT_C_DONE_PER_S "done_per_s"
#define WT_C_LATE_NS "late_ns"              /* pool.open: the dispatcher's lateness */
#define WT_C_CHEAP_P50 "cheap_p50_ns"       /* pool.responsive: cheap requests */
#define WT_C_CHEAP_P99 "cheap_p99_ns"
#define WT_C_LAG_MEAN "lag_mean_ns"         /* pool.responsive: event-loop lag */
#define WT_C_LAG_P99 "lag_p99_ns"
#define WT_C_PARENT_RSS "parent_rss_kib"    /* spawn.process, node.spawn.process */
#define WT_C_PARENT_PTE "parent_pte_kib"    /* spawn.process: the parent's page tables */

/* ---- counters of the stress family (DESIGN.md, "Stress cases") ---------------------------------- */
#define WT_C_OPS_PER_S "ops_per_s"
#define WT_C_MSGS_PER_S "messages_per_second" /* stress.flood */
#define WT_C_SPAWNS_PER_S "spawns_per_second" /* stress.spawn */
#define WT_C_FAIRNESS "fairness"              /* stress.oversub: Jain's index (older: jain_fairness) */
#define WT_C_DETECT_P50 "detect_p50_ns"       /* stress.fault (older: detect_ns) */
#define WT_C_DETECT_P99 "detect_p99_ns"
#define WT_C_RECOVER_P50 "recover_p50_ns"     /* stress.fault (older: recover_ns) */
#define WT_C_RECOVER_P99 "recover_p99_ns"
#define WT_C_REJECTED_PCT "rejected_pct"      /* stress.pool */
/* invariants: each must be 0 for the result to PASS */
#define WT_C_LOST "lost"
#define WT_C_DUPLICATED "duplicated"
#define WT_C_REORDERED "reordered"
#define WT_C_BAD_CHECKSUM "bad_checksum"
/* observed limits and faults: counted, never a failure by themselves */
#define WT_C_LIMIT_REACHED "limit_reached"
#define WT_C_FALSE_DEATHS "false_deaths"
#define WT_C_FAULTS "faults"

/* ---- counters of the http family (windows of load, WT_WINDOW: real_time is the window's figure) -- */
#define WT_C_ROOT_P50 "root_p50_ns"          /* http.replay: "/" latency while /slow-page is busy */
#define WT_C_ROOT_P99 "root_p99_ns"          /* (real_time) */
#define WT_C_ROOT_MAX "root_max_ns"
#define WT_C_ROOT_PER_S "root_per_second"    /* http.replay: "/" completed */
#define WT_C_SLOW_P50 "slow_p50_ns"          /* http.replay: /slow-page latency */
#define WT_C_SLOW_PER_S "slow_per_second"
#define WT_C_IO_PER_S "io_per_second"        /* http.io (real_time: 1 / io_per_second) */
#define WT_C_IO_P50 "io_p50_ns"
#define WT_C_IO_P99 "io_p99_ns"
#define WT_C_REQ_PER_S "req_per_second"      /* http.scale (real_time: 1 / req_per_second) */
#define WT_C_REQ_P99 "req_p99_ns"

/* ---- context keys ------------------------------------------------------------------------------- */
#define WT_X_HOST "host_name"            /* Google Benchmark's */
#define WT_X_NUM_CPUS "num_cpus"
#define WT_X_MODE "wt_mode"              /* smoke | quick | full */
#define WT_X_VERSION "wt_env_version"
#define WT_X_TOPOLOGY "wt_topology"      /* "this machine" or "synthetic: DESCRIPTION" */
#define WT_X_TOPOLOGY_SHAPE "wt_topology_shape"
#define WT_X_PUS "wt_pus"                /* the PUs the run used, comma-separated */
#define WT_X_PU_MAP "wt_pu_map"          /* "OS=core/l2/l3/numa/package ..." in topology order */
#define WT_X_WARNINGS "wt_warnings"      /* one noise warning a line */
#define WT_X_NOISE "wt_noise"            /* results whose interval stayed wider than the target */
#define WT_X_RULES "wt_rules"            /* the measurement rules of the run */
#define WT_X_PREFIX "wt_"                /* every key wtbench adds starts with this */
/* ---- further counters, named here so that every name a case writes is in the contract ---------- */
#define WT_C_REP_WALL "rep_wall_ns"       /* harness: the repetition's wall time, setup to teardown */
#define WT_C_HEAVY "heavy_tasks"          /* pool.responsive: heavy requests in the sample */
#define WT_C_LAG_MAX "lag_max_ns"         /* pool.responsive: worst event-loop lag */
#define WT_C_SEND_LATE "send_late_ns"     /* pool.responsive: how late a cheap request was sent */
#define WT_C_CPU_S "cpu_s"                /* stress.*: CPU seconds the run burned */
#define WT_C_CPU_PER_OP "cpu_per_op_ns"   /* stress.*: CPU ns per operation */
#define WT_C_VOL_CS "vol_cs"              /* stress.*: voluntary and involuntary context switches */
#define WT_C_INVOL_CS "invol_cs"
#define WT_C_CAPACITY "capacity_per_s"    /* stress.pool: measured capacity */
#define WT_C_REJECTED "rejected"          /* stress.pool: tasks refused by admission */
#define WT_C_MAX_INFLIGHT "max_inflight"  /* stress.pool: most tasks in flight */
#define WT_C_INFLIGHT_MAX "inflight_max"  /* stress.spawn: most workers alive at once */
#define WT_C_LIMIT_HITS "limit_hits"      /* stress.spawn: spawns refused by a limit */
#define WT_C_SPAWNERS "spawners"          /* stress.spawn: spawning threads */
#define WT_C_SPAWNS "spawns"              /* stress.spawn: workers started */
#define WT_C_TASKS "tasks"                /* stress.fault, stress.oversub: tasks completed */
#define WT_C_FAULTS_TASK "faults_mid_task" /* stress.fault: faults injected mid-task, mid-message */
#define WT_C_FAULTS_MSG "faults_mid_msg"
#define WT_C_RERUNS "reruns"              /* stress.fault: tasks re-run after a death */
#define WT_C_DELIVERED "delivered_at_death" /* stress.fault: results delivered just before a death */
#define WT_C_REPAIRS "repairs"            /* stress.fault: queues repaired */
#define WT_C_MESSAGES "messages"          /* stress.flood: messages delivered */
#define WT_C_STALLS "stalls"              /* stress.flood: waits that hit the stall watch */
#define WT_C_MAX_DEPTH "max_depth"        /* stress.flood: deepest queue seen, its capacity */
#define WT_C_QUEUE_CAP "queue_cap"
#define WT_C_PRODUCERS "producers"        /* stress.flood: producer and consumer threads */
#define WT_C_CONSUMERS "consumers"

#endif
