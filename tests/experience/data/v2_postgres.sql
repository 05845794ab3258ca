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


--
-- Name: SCHEMA public; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA public IS 'standard public schema';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: alembic_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.alembic_version (
    version_num character varying(32) NOT NULL
);


--
-- Name: api_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_tokens (
    id integer NOT NULL,
    user_id integer NOT NULL,
    token_hash character varying(64) NOT NULL,
    label character varying(200),
    created_at timestamp with time zone NOT NULL,
    revoked boolean NOT NULL
);


--
-- Name: api_tokens_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.api_tokens_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: api_tokens_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.api_tokens_id_seq OWNED BY public.api_tokens.id;


--
-- Name: attachments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.attachments (
    id integer NOT NULL,
    record_id integer NOT NULL,
    filename character varying(200) NOT NULL,
    content_type character varying(100) NOT NULL,
    size integer NOT NULL,
    sha256 character varying(64) NOT NULL,
    data bytea NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: attachments_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.attachments_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: attachments_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.attachments_id_seq OWNED BY public.attachments.id;


--
-- Name: audit_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_log (
    id integer NOT NULL,
    record_id integer,
    user_id integer,
    at timestamp with time zone NOT NULL,
    action character varying(40) NOT NULL,
    detail json
);


--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_log_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_log_id_seq OWNED BY public.audit_log.id;


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
    status_reason text,
    origin character varying(20) DEFAULT 'delt'::character varying NOT NULL,
    organisation_id integer,
    submitted_by integer,
    client_key character varying(112),
    CONSTRAINT ck_experience_actor_type CHECK (((actor_type)::text = ANY ((ARRAY['kommune'::character varying, 'region'::character varying, 'stat'::character varying, 'tilbud'::character varying, 'organisation'::character varying])::text[]))),
    CONSTRAINT ck_experience_material_type CHECK (((material_type)::text = ANY ((ARRAY['beregning'::character varying, 'omkostningsvurdering'::character varying, 'erfaring_med_vidensindsamling'::character varying, 'organisering_og_opfoelgning'::character varying])::text[]))),
    CONSTRAINT ck_experience_review_status CHECK (((review_status)::text = ANY ((ARRAY['indsendt'::character varying, 'beskrevet'::character varying, 'offentliggjort'::character varying, 'afvist'::character varying, 'trukket_tilbage'::character varying])::text[])))
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
-- Name: login_attempts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.login_attempts (
    id integer NOT NULL,
    key character varying(300) NOT NULL,
    at timestamp with time zone NOT NULL
);


--
-- Name: login_attempts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.login_attempts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: login_attempts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.login_attempts_id_seq OWNED BY public.login_attempts.id;


--
-- Name: messages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.messages (
    id integer NOT NULL,
    record_id integer NOT NULL,
    sender_id integer NOT NULL,
    recipient_id integer NOT NULL,
    subject character varying(200) NOT NULL,
    body text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    sent_at timestamp with time zone,
    send_error text
);


--
-- Name: messages_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.messages_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: messages_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.messages_id_seq OWNED BY public.messages.id;


--
-- Name: organisations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.organisations (
    id integer NOT NULL,
    name character varying(200) NOT NULL,
    org_type character varying(20) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT ck_organisation_type CHECK (((org_type)::text = ANY ((ARRAY['kommune'::character varying, 'region'::character varying, 'tilbud'::character varying, 'organisation'::character varying, 'styrelse'::character varying])::text[])))
);


--
-- Name: organisations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.organisations_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: organisations_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.organisations_id_seq OWNED BY public.organisations.id;


--
-- Name: schema_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_version (
    version integer NOT NULL,
    applied_at timestamp with time zone NOT NULL
);


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id integer NOT NULL,
    email character varying(254) NOT NULL,
    name character varying(200),
    organisation_id integer NOT NULL,
    role character varying(20) NOT NULL,
    password_hash character varying(300),
    active boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT ck_user_role CHECK (((role)::text = ANY ((ARRAY['bidragyder'::character varying, 'redaktoer'::character varying, 'admin'::character varying])::text[])))
);


--
-- Name: users_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.users_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: users_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;


--
-- Name: web_sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.web_sessions (
    id_hash character varying(64) NOT NULL,
    user_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL
);


--
-- Name: api_tokens id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens ALTER COLUMN id SET DEFAULT nextval('public.api_tokens_id_seq'::regclass);


--
-- Name: attachments id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachments ALTER COLUMN id SET DEFAULT nextval('public.attachments_id_seq'::regclass);


--
-- Name: audit_log id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log ALTER COLUMN id SET DEFAULT nextval('public.audit_log_id_seq'::regclass);


--
-- Name: experience_records id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.experience_records ALTER COLUMN id SET DEFAULT nextval('public.experience_records_id_seq'::regclass);


--
-- Name: login_attempts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_attempts ALTER COLUMN id SET DEFAULT nextval('public.login_attempts_id_seq'::regclass);


--
-- Name: messages id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messages ALTER COLUMN id SET DEFAULT nextval('public.messages_id_seq'::regclass);


--
-- Name: organisations id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisations ALTER COLUMN id SET DEFAULT nextval('public.organisations_id_seq'::regclass);


--
-- Name: users id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);


--
-- Data for Name: alembic_version; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.alembic_version VALUES ('0002');


--
-- Data for Name: api_tokens; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: attachments; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: audit_log; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audit_log VALUES (1, 3, 1, '2026-11-29 08:23:59.720999+00', 'indsendt', '{"bilag": 0}');


--
-- Data for Name: experience_records; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.experience_records VALUES (1, '33a7dd36-a42c-4c8b-ba21-aa84be481583', 'Mentorforløb for unge ledige', 'Ugentlige samtaler med en mentor.', 'Unge 18-29 år', 'unge 18-29 år', 'beregning', 'kommune', 'Aarhus Kommune', NULL, 2023, '{"npv": {"kommune": 1000.0, "region": 0.0, "stat": 500.0, "total": 1500.0}}', NULL, NULL, NULL, NULL, 'indsendt', '2026-11-29 08:23:59.637045+00', '2026-11-29 08:23:59.637045+00', DEFAULT, NULL, 'delt', NULL, NULL, NULL);
INSERT INTO public.experience_records VALUES (2, '712047ab-3b38-4652-894c-d53784a1c201', 'Støttebolig i Odense', 'Et værelse og en kontaktperson i et halvt år.', 'hjemloese_voksne', 'hjemloese_voksne', 'erfaring_med_vidensindsamling', 'kommune', 'Odense Kommune', NULL, 2024, 'null', NULL, NULL, NULL, NULL, 'offentliggjort', '2026-11-29 08:23:59.649208+00', '2026-11-29 08:23:59.649208+00', DEFAULT, NULL, 'delt', NULL, NULL, NULL);
INSERT INTO public.experience_records VALUES (3, '3f0201b2-3991-40c7-84fa-9459df51daed', 'Botilbud til voksne med handicap', 'Døgnbemandet bosted.', 'Voksne med handicap', 'voksne med handicap', 'organisering_og_opfoelgning', 'kommune', 'Vejle Kommune', NULL, NULL, 'null', NULL, NULL, NULL, NULL, 'indsendt', '2026-11-29 08:23:59.714645+00', '2026-11-29 08:23:59.714645+00', DEFAULT, NULL, 'delt', 1, 1, NULL);


--
-- Data for Name: login_attempts; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: messages; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: organisations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.organisations VALUES (1, 'Vejle Kommune', 'kommune', '2026-11-29 08:23:59.68421+00');


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.schema_version VALUES (1, '2026-11-29 08:23:59.579282+00');
INSERT INTO public.schema_version VALUES (2, '2026-11-29 08:23:59.627213+00');


--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.users VALUES (1, 'bi@vejle.dk', NULL, 1, 'bidragyder', NULL, true, '2026-11-29 08:23:59.685448+00');


--
-- Data for Name: web_sessions; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Name: api_tokens_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.api_tokens_id_seq', 1, false);


--
-- Name: attachments_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.attachments_id_seq', 1, false);


--
-- Name: audit_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_log_id_seq', 1, true);


--
-- Name: experience_records_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.experience_records_id_seq', 3, true);


--
-- Name: login_attempts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.login_attempts_id_seq', 1, false);


--
-- Name: messages_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.messages_id_seq', 1, false);


--
-- Name: organisations_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.organisations_id_seq', 1, true);


--
-- Name: users_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.users_id_seq', 1, true);


--
-- Name: alembic_version alembic_version_pkc; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.alembic_version
    ADD CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num);


--
-- Name: api_tokens api_tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (id);


--
-- Name: api_tokens api_tokens_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash);


--
-- Name: attachments attachments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachments
    ADD CONSTRAINT attachments_pkey PRIMARY KEY (id);


--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);


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
-- Name: login_attempts login_attempts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_attempts
    ADD CONSTRAINT login_attempts_pkey PRIMARY KEY (id);


--
-- Name: messages messages_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messages
    ADD CONSTRAINT messages_pkey PRIMARY KEY (id);


--
-- Name: organisations organisations_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisations
    ADD CONSTRAINT organisations_name_key UNIQUE (name);


--
-- Name: organisations organisations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisations
    ADD CONSTRAINT organisations_pkey PRIMARY KEY (id);


--
-- Name: schema_version schema_version_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (version);


--
-- Name: experience_records uq_experience_client_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.experience_records
    ADD CONSTRAINT uq_experience_client_key UNIQUE (client_key);


--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_email_key UNIQUE (email);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: web_sessions web_sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.web_sessions
    ADD CONSTRAINT web_sessions_pkey PRIMARY KEY (id_hash);


--
-- Name: ix_attachments_record; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_attachments_record ON public.attachments USING btree (record_id);


--
-- Name: ix_audit_record; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_record ON public.audit_log USING btree (record_id);


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
-- Name: ix_experience_organisation; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_experience_organisation ON public.experience_records USING btree (organisation_id);


--
-- Name: ix_experience_review_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_experience_review_status ON public.experience_records USING btree (review_status);


--
-- Name: ix_experience_search_vector; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_experience_search_vector ON public.experience_records USING gin (search_vector);


--
-- Name: ix_experience_year; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_experience_year ON public.experience_records USING btree (year);


--
-- Name: ix_login_attempts_key_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_login_attempts_key_at ON public.login_attempts USING btree (key, at);


--
-- Name: api_tokens api_tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: attachments attachments_record_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachments
    ADD CONSTRAINT attachments_record_id_fkey FOREIGN KEY (record_id) REFERENCES public.experience_records(id);


--
-- Name: audit_log audit_log_record_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_record_id_fkey FOREIGN KEY (record_id) REFERENCES public.experience_records(id);


--
-- Name: audit_log audit_log_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: experience_records fk_experience_organisation; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.experience_records
    ADD CONSTRAINT fk_experience_organisation FOREIGN KEY (organisation_id) REFERENCES public.organisations(id);


--
-- Name: experience_records fk_experience_submitted_by; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.experience_records
    ADD CONSTRAINT fk_experience_submitted_by FOREIGN KEY (submitted_by) REFERENCES public.users(id);


--
-- Name: messages messages_recipient_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messages
    ADD CONSTRAINT messages_recipient_id_fkey FOREIGN KEY (recipient_id) REFERENCES public.users(id);


--
-- Name: messages messages_record_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messages
    ADD CONSTRAINT messages_record_id_fkey FOREIGN KEY (record_id) REFERENCES public.experience_records(id);


--
-- Name: messages messages_sender_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messages
    ADD CONSTRAINT messages_sender_id_fkey FOREIGN KEY (sender_id) REFERENCES public.users(id);


--
-- Name: users users_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisations(id);


--
-- Name: web_sessions web_sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.web_sessions
    ADD CONSTRAINT web_sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- PostgreSQL database dump complete
--


