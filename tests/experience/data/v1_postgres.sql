--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: public; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA public;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: experience_records; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.experience_records (
    id integer NOT NULL,
    uid character varying(36) NOT NULL,
    title character varying(300) NOT NULL,
    summary text NOT NULL,
    target_group character varying(200) NOT NULL,
    target_group_key character varying(200) NOT NULL,
    material_type character varying(40) NOT NULL,
    actor_type character varying(20) NOT NULL,
    actor_name character varying(200) NOT NULL,
    contact character varying(300),
    year integer,
    key_results json,
    case_json text,
    knowledge_name character varying(200),
    knowledge_version character varying(200),
    knowledge_hash character varying(200),
    review_status character varying(20) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    search_vector tsvector GENERATED ALWAYS AS ((((setweight(to_tsvector('danish'::regconfig, (COALESCE(title, ''::character varying))::text), 'A'::"char") || setweight(to_tsvector('danish'::regconfig, (COALESCE(target_group, ''::character varying))::text), 'B'::"char")) || setweight(to_tsvector('danish'::regconfig, COALESCE(summary, ''::text)), 'C'::"char")) || setweight(to_tsvector('danish'::regconfig, (COALESCE(actor_name, ''::character varying))::text), 'D'::"char"))) STORED,
    CONSTRAINT ck_experience_actor_type CHECK (((actor_type)::text = ANY ((ARRAY['kommune'::character varying, 'region'::character varying, 'stat'::character varying, 'tilbud'::character varying, 'organisation'::character varying])::text[]))),
    CONSTRAINT ck_experience_material_type CHECK (((material_type)::text = ANY ((ARRAY['beregning'::character varying, 'omkostningsvurdering'::character varying, 'erfaring_med_vidensindsamling'::character varying, 'organisering_og_opfoelgning'::character varying])::text[]))),
    CONSTRAINT ck_experience_review_status CHECK (((review_status)::text = ANY ((ARRAY['indsendt'::character varying, 'beskrevet'::character varying, 'offentliggjort'::character varying])::text[])))
);


--
-- Name: experience_records_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.experience_records_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: experience_records_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.experience_records_id_seq OWNED BY public.experience_records.id;


--
-- Name: schema_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_version (
    version integer NOT NULL,
    applied_at timestamp with time zone NOT NULL
);


--
-- Name: experience_records id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.experience_records ALTER COLUMN id SET DEFAULT nextval('public.experience_records_id_seq'::regclass);


--
-- Data for Name: experience_records; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.experience_records VALUES (1, '27e31016-2037-405b-8e8f-2075024e659f', 'Mentorforløb for unge ledige', 'Et mentorforløb med ugentlige samtaler; boligerne er ikke en del af indsatsen.', 'unge_14_17_kriminalitet', 'unge_14_17_kriminalitet', 'beregning', 'kommune', 'Vejle Kommune', 'Ole, ole@example.dk', 2023, '{"npv": {"kommune": 1000.0, "region": 0.0, "stat": 500.0, "total": 1500.0}}', NULL, NULL, NULL, NULL, 'indsendt', '2026-11-29 06:35:35.478671+00', '2026-11-29 06:35:35.478671+00', DEFAULT);
INSERT INTO public.experience_records VALUES (2, '6e1f56e6-cdf0-4fc4-9c38-4486823ead5b', 'Bostøtte i egen bolig', 'Støtte i hjemmet efter forsorgshjem.', 'hjemloese_voksne', 'hjemloese_voksne', 'organisering_og_opfoelgning', 'tilbud', 'Tilbud Å', NULL, 2022, 'null', NULL, NULL, NULL, NULL, 'offentliggjort', '2026-11-29 06:35:35.485112+00', '2026-11-29 06:35:35.485112+00', DEFAULT);


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.schema_version VALUES (1, '2026-11-29 06:35:35.476943+00');


--
-- Name: experience_records_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.experience_records_id_seq', 2, true);


--
-- Name: experience_records experience_records_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.experience_records
    ADD CONSTRAINT experience_records_pkey PRIMARY KEY (id);


--
-- Name: experience_records experience_records_uid_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.experience_records
    ADD CONSTRAINT experience_records_uid_key UNIQUE (uid);


--
-- Name: schema_version schema_version_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (version);


--
-- Name: ix_experience_actor_type; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_experience_actor_type ON public.experience_records USING btree (actor_type);


--
-- Name: ix_experience_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_experience_created_at ON public.experience_records USING btree (created_at);


--
-- Name: ix_experience_material_type; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_experience_material_type ON public.experience_records USING btree (material_type);


--
-- Name: ix_experience_search_vector; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_experience_search_vector ON public.experience_records USING gin (search_vector);


--
-- Name: ix_experience_year; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_experience_year ON public.experience_records USING btree (year);


--
-- PostgreSQL database dump complete
--


