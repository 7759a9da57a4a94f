-- One database per service: services never share tables.
CREATE DATABASE identification;
CREATE DATABASE funds;
CREATE DATABASE employment;
CREATE DATABASE supervision;
