-- Star Schema Benchmark (O'Neil, O'Neil, Chen, Revilak) tables, in the column order of the
-- reference dbgen's .tbl files. The same DDL runs on Strata and on DuckDB.
-- Types are the ones DuckDB users load SSB with: INTEGER for keys, quantities, prices (integer
-- units, as dbgen prints them) and yyyymmdd dates; VARCHAR for text. The date flags are the
-- 0/1 digits dbgen prints, kept as INTEGER.

CREATE TABLE lineorder (
  lo_orderkey INTEGER,
  lo_linenumber INTEGER,
  lo_custkey INTEGER,
  lo_partkey INTEGER,
  lo_suppkey INTEGER,
  lo_orderdate INTEGER,
  lo_orderpriority VARCHAR,
  lo_shippriority INTEGER,
  lo_quantity INTEGER,
  lo_extendedprice INTEGER,
  lo_ordtotalprice INTEGER,
  lo_discount INTEGER,
  lo_revenue INTEGER,
  lo_supplycost INTEGER,
  lo_tax INTEGER,
  lo_commitdate INTEGER,
  lo_shipmode VARCHAR
);

CREATE TABLE customer (
  c_custkey INTEGER,
  c_name VARCHAR,
  c_address VARCHAR,
  c_city VARCHAR,
  c_nation VARCHAR,
  c_region VARCHAR,
  c_phone VARCHAR,
  c_mktsegment VARCHAR
);

CREATE TABLE supplier (
  s_suppkey INTEGER,
  s_name VARCHAR,
  s_address VARCHAR,
  s_city VARCHAR,
  s_nation VARCHAR,
  s_region VARCHAR,
  s_phone VARCHAR
);

CREATE TABLE part (
  p_partkey INTEGER,
  p_name VARCHAR,
  p_mfgr VARCHAR,
  p_category VARCHAR,
  p_brand1 VARCHAR,
  p_color VARCHAR,
  p_type VARCHAR,
  p_size INTEGER,
  p_container VARCHAR
);

CREATE TABLE date (
  d_datekey INTEGER,
  d_date VARCHAR,
  d_dayofweek VARCHAR,
  d_month VARCHAR,
  d_year INTEGER,
  d_yearmonthnum INTEGER,
  d_yearmonth VARCHAR,
  d_daynuminweek INTEGER,
  d_daynuminmonth INTEGER,
  d_daynuminyear INTEGER,
  d_monthnuminyear INTEGER,
  d_weeknuminyear INTEGER,
  d_sellingseason VARCHAR,
  d_lastdayinweekfl INTEGER,
  d_lastdayinmonthfl INTEGER,
  d_holidayfl INTEGER,
  d_weekdayfl INTEGER
);
