#!/usr/bin/env python3
"""Run `claimminer mine` over a JSONL corpus with Apache Spark.

Each partition of the input (lines of JSONL articles) is piped through one `claimminer mine -`
process (RDD.pipe), which loads the models once and streams its articles; claims come back as JSONL,
error records apart. Within a partition, output keeps input order, and partitions are written in
order, so the result equals a plain `claimminer mine` run over the same file.

usage: spark_mine.py INPUT.jsonl OUTPUT_DIR [--master local[2]] [--partitions N]
                     [--binary PATH] [--models DIR] [-- extra mine options]

OUTPUT_DIR/claims/part-* hold the claims, OUTPUT_DIR/errors/part-* the error records.
On a cluster, ship the binary and the models with the job, for instance:

  tar czf claimminer.tgz -C target/release claimminer -C ../.. models
  spark-submit --master yarn --archives claimminer.tgz#cm scripts/spark_mine.py \\
      hdfs:///news/articles.jsonl hdfs:///news/claims --binary ./cm/claimminer --models ./cm/models
"""
import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[*])")
    ap.add_argument("--partitions", type=int, default=None)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "claimminer"))
    ap.add_argument("--models", default=os.path.join(ROOT, "models"))
    ap.add_argument("extra", nargs="*", help="more `claimminer mine` options, after --")
    a = ap.parse_args()

    from pyspark import SparkConf, SparkContext

    conf = SparkConf().setAppName("claimminer")
    if a.master:
        conf = conf.setMaster(a.master)
    elif not conf.contains("spark.master"):
        conf = conf.setMaster("local[*]")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        lines = sc.textFile(a.input, minPartitions=a.partitions) if a.partitions else sc.textFile(a.input)
        # Error records go to stdout too (--errors -), so that nothing is lost in executor logs.
        command = [a.binary, "mine", "-q", "--models", a.models, "--errors", "-"] + a.extra + ["-"]
        out = lines.pipe(" ".join(command), checkCode=False).cache()
        def is_error(line):
            record = json.loads(line)
            return "error" in record and "quantity" not in record

        out.filter(lambda l: not is_error(l)).saveAsTextFile(os.path.join(a.output, "claims"))
        out.filter(is_error).saveAsTextFile(os.path.join(a.output, "errors"))
    finally:
        sc.stop()


if __name__ == "__main__":
    sys.exit(main())
