set -x
U=bolt://127.0.0.1:36119
cd /work/wt-h13a
D=/tmp/enduse-bench/e10000-r50000-s1
npx tsx bench/scale/measure-neo4j.ts $D $U 2024-06-30 1 20000 mfr-1
npx tsx bench/scale/measure-neo4j-engine.ts $D $U 2024-06-30 3 mfr-1 dst-155 dst-89 dst-248 dst-229 dst-19 dst-50 dst-258 dst-311 dst-83
D=/tmp/enduse-bench/e100000-r500000-s1
npx tsx bench/scale/measure-neo4j.ts $D $U 2024-06-30 1 20000 dst-820
npx tsx bench/scale/measure-neo4j-engine.ts $D $U 2024-06-30 3 mfr-1 dst-1548 dst-887 dst-2473 dst-2281 dst-185 dst-498 dst-2571 dst-3104 dst-820
